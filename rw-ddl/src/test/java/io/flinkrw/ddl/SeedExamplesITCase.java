package io.flinkrw.ddl;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.NatsUserCredentials;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed pages' JSON examples run end to end: translated with their variables filled in with
 * local servers, created as printed, and queried on Flink's MiniCluster through the real
 * connectors. The NATS statements each read a nats-server that takes their connect mode (no
 * authentication, users with passwords, operator mode with JWTs) from their start position; the
 * Kinesis statements in the runnable form (the emulator's static keys) read kinesis-local. (The
 * as-documented Kinesis statements assume a role, which an emulator cannot honour: {@code
 * FlinkAcceptanceTest} plans them.) The statements run as translated, unbounded: each query is
 * cancelled once it has delivered the rows expected.
 */
class SeedExamplesITCase {

    private static final String READER_PASSWORD = "reader-" + UUID.randomUUID();
    private static final String WRITER_PASSWORD = "writer-" + UUID.randomUUID();

    private static final String SUBJECT = "seeds.json";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();
    @RegisterExtension static final NatsServer NATS_PLAIN = NatsServer.plain();

    @RegisterExtension
    static final NatsServer NATS_USERS =
            NatsServer.builder()
                    .user("writer", WRITER_PASSWORD)
                    .readOnlyUser("reader", READER_PASSWORD, "seeds.>")
                    .build();

    @RegisterExtension
    static final NatsServer NATS_OPERATOR = NatsServer.builder().operatorMode().build();

    @RegisterExtension
    static final SchemaHttpServer SCHEMAS = SchemaHttpServer.serving(TestInputs.SCHEMAS);

    private static NatsUserCredentials operatorReader;
    private static NatsUserCredentials operatorWriter;

    @BeforeAll
    static void createStreams() throws Exception {
        operatorReader = NATS_OPERATOR.operator().newUser("reader");
        operatorWriter = NATS_OPERATOR.operator().newUser("writer");
        for (Options.Builder writer : natsWriters()) {
            try (NatsTestStreams streams = NatsTestStreams.connect(writer)) {
                streams.createStream("SEEDS", "seeds.>");
            }
        }
    }

    private static List<Options.Builder> natsWriters() {
        return List.of(
                NATS_PLAIN.optionsBuilder(),
                NATS_USERS.optionsBuilder().userInfo("writer", WRITER_PASSWORD),
                NATS_OPERATOR
                        .optionsBuilder()
                        .authHandler(
                                Nats.staticCredentials(
                                        operatorWriter.jwt().toCharArray(),
                                        operatorWriter.seed().toCharArray())));
    }

    @Test
    void theRunnableKinesisExamplesReadKinesisLocal() throws Exception {
        String stream = "seeds-" + UUID.randomUUID();
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            streams.create(stream, 1);
            streams.putAll(
                    stream,
                    List.of(
                            record("{\"column1\": \"one\", \"column2\": 1}"),
                            record("{\"COLUMN1\": \"case-insensitive\", \"column2\": \"2\"}"),
                            record("{\"column2\": 3, \"extra\": true}")));
        }
        Map<String, String> values = new HashMap<>();
        values.put("KINESIS_STREAM", stream);
        values.put("AWS_REGION", KINESIS.region());
        values.put("KINESIS_ENDPOINT", KINESIS.endpoint().toString());
        values.put("AWS_ACCESS_KEY_ID", KINESIS.accessKeyId());
        values.put("AWS_SECRET_ACCESS_KEY", KINESIS.secretAccessKey());
        List<StatementTranslation> runnable =
                translate("kinesis-json", values).stream()
                        .filter(t -> t.table().name().endsWith("_runnable"))
                        .collect(Collectors.toList());
        assertThat(runnable).hasSize(2);

        for (StatementTranslation translation : runnable) {
            assertThat(read(translation, 3))
                    .as(translation.title())
                    .containsExactly(
                            Row.of("one", 1), Row.of("case-insensitive", 2), Row.of(null, 3));
        }
    }

    @Test
    void thePlainNatsExamplesReadFromTheEarliestMessage() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(natsWriters().get(0))) {
            streams.publish(SUBJECT, "{\"column1\": \"one\", \"column2\": 1}");
            streams.publish(SUBJECT, "{\"column1\": \"two\", \"column2\": \"2\"}");
        }
        Map<String, StatementTranslation> translations =
                translateNats(NATS_PLAIN, Map.of("START_MILLIS", "0"));

        for (String table : List.of("nats_plain_table", "nats_plain_source")) {
            assertThat(read(translations.get(table), 2))
                    .as(table)
                    .containsExactly(Row.of("one", 1), Row.of("two", 2));
        }
    }

    @Test
    void theUserAndPasswordExampleReadsFromItsTimestamp() throws Exception {
        long start;
        try (NatsTestStreams streams = NatsTestStreams.connect(natsWriters().get(1))) {
            Instant stored = storedAt(streams, streams.publish(SUBJECT, "{\"column1\": \"old\"}"));
            start = stored.toEpochMilli() + 1;
            waitUtil(
                    () -> System.currentTimeMillis() > start,
                    Duration.ofSeconds(5),
                    "the clock to pass the start timestamp");
            streams.publish(SUBJECT, "{\"column1\": \"new\", \"column2\": 1}");
            streams.publish(SUBJECT, "{\"column1\": \"newer\", \"column2\": 2}");
        }
        Map<String, String> values = new HashMap<>();
        values.put("NATS_USER", "reader");
        values.put("NATS_PASSWORD", READER_PASSWORD);
        values.put("START_MILLIS", Long.toString(start));
        StatementTranslation translation =
                translateNats(NATS_USERS, values).get("nats_user_password_source");

        assertThat(read(translation, 2)).containsExactly(Row.of("new", 1), Row.of("newer", 2));
    }

    @Test
    void theCredentialExampleReadsWhatArrivesAfterItIsPlannedAsAnUpsertTable() throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put("NATS_JWT", operatorReader.jwt());
        values.put("NATS_NKEY", operatorReader.seed());
        values.put("START_MILLIS", "0");
        StatementTranslation translation =
                translateNats(NATS_OPERATOR, values).get("nats_credential_table");
        try (NatsTestStreams streams = NatsTestStreams.connect(natsWriters().get(2))) {
            Instant stored =
                    storedAt(
                            streams,
                            streams.publish(SUBJECT, "{\"column1\": \"before\", \"column2\": 0}"));
            waitUtil(
                    () -> System.currentTimeMillis() > stored.toEpochMilli() + 1,
                    Duration.ofSeconds(5),
                    "the clock to pass the last message published before the query");

            StreamTableEnvironment env = TranslatedTables.create(translation);
            TableResult result = TranslatedTables.selectAll(env, translation.table());
            streams.publish(SUBJECT, "{\"column1\": \"a\", \"column2\": 1}");
            streams.publish(SUBJECT, "{\"column1\": \"a\", \"column2\": 2}");
            streams.publish(SUBJECT, "{\"column1\": \"b\", \"column2\": 3}");

            assertThat(TranslatedTables.first(result, 4))
                    .containsExactlyInAnyOrder(
                            Row.ofKind(RowKind.INSERT, "a", 1),
                            Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1),
                            Row.ofKind(RowKind.UPDATE_AFTER, "a", 2),
                            Row.ofKind(RowKind.INSERT, "b", 3));
        }
    }

    // -------------------------------------------------------------------------------- helpers

    private static List<StatementTranslation> translate(String seed, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("SCHEMA_BASE", SCHEMAS.filesUrl());
        List<StatementTranslation> translations = SeedExamplesTest.translate(seed, all);
        for (StatementTranslation translation : translations) {
            assertThat(translation.findings())
                    .as(translation.title())
                    .noneMatch(f -> f.severity().isProblem());
        }
        return translations;
    }

    /** The NATS seed's statements by table name, for {@code server} and the given values. */
    private static Map<String, StatementTranslation> translateNats(
            NatsServer server, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("NATS_URL", server.url());
        all.put("NATS_SUBJECT", SUBJECT);
        all.putIfAbsent("NATS_USER", "unused");
        all.putIfAbsent("NATS_PASSWORD", "unused");
        all.putIfAbsent("NATS_JWT", operatorReader.jwt());
        all.putIfAbsent("NATS_NKEY", operatorReader.seed());
        return translate("nats-json", all).stream()
                .collect(Collectors.toMap(t -> t.table().name(), t -> t));
    }

    /** The first {@code count} rows of {@code SELECT *} on the table, created as printed. */
    private static List<Row> read(StatementTranslation translation, int count) throws Exception {
        StreamTableEnvironment env = TranslatedTables.create(translation);
        return TranslatedTables.first(TranslatedTables.selectAll(env, translation.table()), count);
    }

    private static Instant storedAt(NatsTestStreams streams, long sequence) throws Exception {
        return streams.management().getMessage("SEEDS", sequence).getTime().toInstant();
    }

    private static PutRecordsRequestEntry record(String json) {
        return PutRecordsRequestEntry.builder()
                .partitionKey("k")
                .data(SdkBytes.fromUtf8String(json))
                .build();
    }
}
