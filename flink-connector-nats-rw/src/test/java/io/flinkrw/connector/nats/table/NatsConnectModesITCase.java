package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.LogCapture;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsOperator;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.NatsUserCredentials;
import io.flinkrw.testutils.SelfSignedCertificate;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import io.nats.client.Nats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each {@code connect_mode} and TLS against real servers, with wrong credentials failing clearly;
 * with all logging captured, no password, JWT or NKey seed ever shows up in logs or errors.
 */
class NatsConnectModesITCase {

    private static final String READER_PASSWORD = "reader-pw-" + UUID.randomUUID();
    private static final String WRITER_PASSWORD = "writer-pw-" + UUID.randomUUID();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    static final NatsServer USERS =
            NatsServer.builder()
                    .user("writer", WRITER_PASSWORD)
                    .readOnlyUser("reader", READER_PASSWORD, "auth.>")
                    .build();

    @RegisterExtension
    static final NatsServer OPERATOR = NatsServer.builder().operatorMode().build();

    @RegisterExtension static final NatsServer TLS = NatsServer.builder().tls().build();

    private static NatsUserCredentials operatorWriter;

    private StreamTableEnvironment tableEnv;

    @BeforeAll
    static void createStreams() throws Exception {
        try (NatsTestStreams streams =
                NatsTestStreams.connect(
                        USERS.optionsBuilder().userInfo("writer", WRITER_PASSWORD))) {
            streams.createStream("AUTH", "auth.>");
            streams.publish("auth.a", "{\"v\":1}");
            streams.publish("auth.a", "{\"v\":2}");
        }
        operatorWriter = OPERATOR.operator().newUser("writer");
        try (NatsTestStreams streams =
                NatsTestStreams.connect(
                        OPERATOR.optionsBuilder()
                                .authHandler(
                                        Nats.staticCredentials(
                                                operatorWriter.jwt().toCharArray(),
                                                operatorWriter.seed().toCharArray())))) {
            streams.createStream("JWT", "jwt.>");
            streams.publish("jwt.a", "{\"v\":10}");
            streams.publish("jwt.a", "{\"v\":20}");
        }
        try (NatsTestStreams streams = NatsTestStreams.connect(TLS)) {
            streams.createStream("SECURE", "secure.>");
            streams.publish("secure.a", "{\"v\":100}");
        }
    }

    @BeforeEach
    void setUp() {
        tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    private void createTable(String serverUrl, String subject, String... options) {
        StringBuilder with =
                new StringBuilder("'connector' = 'nats', 'format' = 'json'")
                        .append(", 'scan.bounded.mode' = 'latest'")
                        .append(", 'nats.connection.timeout' = '2 s'")
                        .append(", 'server_url' = '")
                        .append(serverUrl)
                        .append("', 'subject' = '")
                        .append(subject)
                        .append("'");
        for (int i = 0; i < options.length; i += 2) {
            with.append(", '")
                    .append(options[i])
                    .append("' = '")
                    .append(options[i + 1])
                    .append("'");
        }
        tableEnv.executeSql("CREATE TEMPORARY TABLE t (v INT) WITH (" + with + ")");
    }

    private List<Row> read(String serverUrl, String subject, String... options) throws Exception {
        createTable(serverUrl, subject, options);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tableEnv.executeSql("SELECT v FROM t").collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /**
     * Runs a job that should fail into a blackhole sink: a collect sink can hit a Flink race (and
     * take the TaskManager down) when a job fails before the sink has opened.
     */
    private void runExpectingFailure(String serverUrl, String subject, String... options)
            throws Exception {
        createTable(serverUrl, subject, options);
        tableEnv.executeSql("CREATE TEMPORARY TABLE sink (v INT) WITH ('connector' = 'blackhole')");
        tableEnv.executeSql("INSERT INTO sink SELECT v FROM t").await();
    }

    private static void assertNoSecrets(String text, String... secrets) {
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void userAndPasswordReadsAsAReadOnlyUser() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            List<Row> rows =
                    read(
                            USERS.url(),
                            "auth.a",
                            "connect_mode",
                            "user_and_password",
                            "username",
                            "reader",
                            "password",
                            READER_PASSWORD);
            assertThat(rows).containsExactly(Row.of(1), Row.of(2));
            assertThat(logs.text()).contains("flink-nats-reader-0 connected to NATS");
            assertNoSecrets(logs.text(), READER_PASSWORD);
        }
    }

    @Test
    void wrongPasswordFailsClearlyWithoutShowingIt() {
        String wrong = "wrong-pw-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(
                            () ->
                                    runExpectingFailure(
                                            USERS.url(),
                                            "auth.a",
                                            "connect_mode",
                                            "user_and_password",
                                            "username",
                                            "reader",
                                            "password",
                                            wrong))
                    .satisfies(
                            e -> {
                                String text = ExceptionUtils.stringifyException(e);
                                assertThat(text)
                                        .contains(
                                                "Could not connect to NATS at ["
                                                        + USERS.url()
                                                        + "]"
                                                        + " with connect_mode"
                                                        + " 'user_and_password'")
                                        .contains("Authorization Violation");
                                assertNoSecrets(text, wrong, READER_PASSWORD);
                            });
            assertThat(logs.text()).contains("Authorization Violation");
            assertNoSecrets(logs.text(), wrong, READER_PASSWORD);
        }
    }

    @Test
    void credentialReadsWithJwtAndSeed() throws Exception {
        NatsUserCredentials reader = OPERATOR.operator().newUser("reader");
        try (LogCapture logs = LogCapture.start()) {
            List<Row> rows =
                    read(
                            OPERATOR.url(),
                            "jwt.a",
                            "connect_mode",
                            "credential",
                            "jwt",
                            reader.jwt(),
                            "nkey",
                            reader.seed());
            assertThat(rows).containsExactly(Row.of(10), Row.of(20));
            assertNoSecrets(logs.text(), reader.jwt(), reader.seed());
        }
    }

    @Test
    void credentialOfAnUnknownAccountFailsClearlyWithoutShowingIt() throws Exception {
        NatsUserCredentials intruder = NatsOperator.foreignUser("intruder");
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(
                            () ->
                                    runExpectingFailure(
                                            OPERATOR.url(),
                                            "jwt.a",
                                            "connect_mode",
                                            "credential",
                                            "jwt",
                                            intruder.jwt(),
                                            "nkey",
                                            intruder.seed()))
                    .satisfies(
                            e -> {
                                String text = ExceptionUtils.stringifyException(e);
                                assertThat(text)
                                        .contains("with connect_mode 'credential'")
                                        .contains("Authorization Violation");
                                assertNoSecrets(text, intruder.jwt(), intruder.seed());
                            });
            assertThat(logs.text()).contains("Authorization Violation");
            assertNoSecrets(logs.text(), intruder.jwt(), intruder.seed());
        }
    }

    @Test
    void invalidOptionsBesideJwtAndSeedFailWithoutShowingThem() throws Exception {
        NatsUserCredentials reader = OPERATOR.operator().newUser("reader");
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(
                            () ->
                                    runExpectingFailure(
                                            OPERATOR.url(),
                                            "jwt.a",
                                            "connect_mode",
                                            "credential",
                                            "jwt",
                                            reader.jwt(),
                                            "nkey",
                                            reader.seed(),
                                            "scan.startup.mode",
                                            "tomorrow"))
                    .satisfies(
                            e -> {
                                String text = ExceptionUtils.stringifyException(e);
                                assertThat(text)
                                        .contains(
                                                "Invalid value 'tomorrow' for option"
                                                        + " 'scan.startup.mode'");
                                assertNoSecrets(text, reader.jwt(), reader.seed());
                            });
            assertNoSecrets(logs.text(), reader.jwt(), reader.seed());
        }
    }

    @Test
    void tlsWithATrustStore() throws Exception {
        assertThat(
                        read(
                                TLS.url(),
                                "secure.a",
                                "connect_mode",
                                "plain",
                                "nats.tls.truststore.path",
                                TLS.certificate().trustStore().toString(),
                                "nats.tls.truststore.password",
                                SelfSignedCertificate.STORE_PASSWORD))
                .containsExactly(Row.of(100));
    }

    @Test
    void tlsWithoutTrustFailsNamingTheHandshake() {
        assertThatThrownBy(
                        () -> runExpectingFailure(TLS.url(), "secure.a", "connect_mode", "plain"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains(
                                                "Could not connect to NATS at [" + TLS.url() + "]")
                                        .contains("PKIX"));
    }
}
