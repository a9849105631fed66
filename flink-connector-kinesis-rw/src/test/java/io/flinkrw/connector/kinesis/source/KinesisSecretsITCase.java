package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws.credentials.secret_access_key} and {@code aws.credentials.session_token} never reach a
 * log line, an exception or a {@code toString()}: every log event of the run (this connector and
 * the AWS SDK at DEBUG, Flink at INFO) and every exception text are searched for the values, on
 * successful reads and on failures, from DataStream and from SQL.
 */
class KinesisSecretsITCase {

    private static final String SECRET =
            "SecretValue" + UUID.randomUUID().toString().replace("-", "");
    private static final String TOKEN =
            "TokenValue" + UUID.randomUUID().toString().replace("-", "");

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final List<String> LOGGED_BY_US = new CopyOnWriteArrayList<>();
    private static Appender capture;
    private static KinesisTestStreams streams;
    private static String stream;

    @BeforeAll
    static void captureLogsAndCreateStream() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        capture =
                new AbstractAppender("secrets-capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        String text =
                                event.getMessage().getFormattedMessage()
                                        + (event.getThrown() == null
                                                ? ""
                                                : "\n"
                                                        + ExceptionUtils.stringifyException(
                                                                event.getThrown()));
                        LOGGED.add(text);
                        if (event.getLoggerName().startsWith("io.flinkrw")) {
                            LOGGED_BY_US.add(text);
                        }
                    }
                };
        capture.start();
        LoggerConfig root = config.getRootLogger();
        // Keep the console at WARN; capture everything the loggers below let through.
        Map<String, Appender> rootAppenders = new HashMap<>(root.getAppenders());
        rootAppenders.keySet().forEach(root::removeAppender);
        rootAppenders.values().forEach(a -> root.addAppender(a, Level.WARN, null));
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.INFO);
        config.addLogger("io.flinkrw", new LoggerConfig("io.flinkrw", Level.TRACE, true));
        context.updateLoggers();

        streams = new KinesisTestStreams(KINESIS);
        stream = "secrets-" + UUID.randomUUID();
        streams.create(stream, 1);
        streams.put(stream, "k", "hello");
    }

    @AfterAll
    static void stopCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(capture.getName());
        context.updateLoggers();
        streams.close();
    }

    private static Map<String, String> optionsWithSecrets() {
        Map<String, String> options = new HashMap<>(streams.sourceOptions(stream));
        options.put("aws.credentials.secret_access_key", SECRET);
        options.put("aws.credentials.session_token", TOKEN);
        return options;
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    private static void assertNoSecretLogged() {
        assertThat(LOGGED).isNotEmpty();
        assertThat(LOGGED_BY_US).isNotEmpty();
        LOGGED.forEach(KinesisSecretsITCase::assertNoSecretIn);
    }

    @Test
    void aDataStreamReadLogsNoSecret() throws Exception {
        KinesisSource<String> source =
                KinesisSource.<String>builder()
                        .setProperties(optionsWithSecrets())
                        .setBoundedToLatest()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        assertNoSecretIn(source.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThat(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                                .executeAndCollect(10))
                .containsExactly("hello");
        assertNoSecretLogged();
    }

    @Test
    void aFailingJobShowsNoSecret() {
        Map<String, String> options = optionsWithSecrets();
        options.put("scan.startup.mode", "sequence_number");
        options.put(
                "scan.startup.sequence_number",
                "49590338271490256608559692538361571095921575989136588898");
        KinesisSource<String> source =
                KinesisSource.<String>builder()
                        .setProperties(options)
                        .setBoundedToLatest()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureNoRestartStrategy(env);
        Exception failure = null;
        try {
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                    .executeAndCollect(10);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(ExceptionUtils.stringifyException(failure)).contains("rejected the startup");
        assertNoSecretIn(ExceptionUtils.stringifyException(failure));
        assertNoSecretLogged();
    }

    @Test
    void invalidBuilderOptionsShowNoSecret() {
        Map<String, String> options = optionsWithSecrets();
        options.put("aws.credentials.role.external_id", "no-role");
        List<String> texts = new ArrayList<>();
        try {
            KinesisSource.<String>builder()
                    .setProperties(options)
                    .setValueOnlyDeserializer(new SimpleStringSchema())
                    .build();
        } catch (Exception e) {
            texts.add(ExceptionUtils.stringifyException(e));
        }
        Map<String, String> unknown = optionsWithSecrets();
        unknown.put("aws.credentials.secret_acess_key", SECRET);
        try {
            KinesisSource.<String>builder().setProperties(unknown);
        } catch (Exception e) {
            texts.add(ExceptionUtils.stringifyException(e));
        }
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).contains("aws.credentials.role.external_id");
        assertThat(texts.get(1)).contains("aws.credentials.secret_acess_key");
        texts.forEach(KinesisSecretsITCase::assertNoSecretIn);
    }

    @Test
    void sqlTablesShowNoSecretWhenTheyWorkAndWhenTheyFail() throws Exception {
        StreamTableEnvironment tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        Map<String, String> options = optionsWithSecrets();
        options.put("connector", "kinesis");
        options.put("format", "raw");
        options.put("scan.bounded.mode", "latest");
        tables.executeSql("CREATE TABLE good (line STRING) " + with(options));
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result = tables.executeSql("SELECT * FROM good").collect()) {
            result.forEachRemaining(rows::add);
        }
        assertThat(rows).containsExactly(Row.of("hello"));

        options.put("aws.profile", "default");
        tables.executeSql("CREATE TABLE bad (line STRING) " + with(options));
        Exception failure = null;
        try {
            tables.executeSql("SELECT * FROM bad");
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        String text = ExceptionUtils.stringifyException(failure);
        assertThat(text).contains("aws.profile");
        assertNoSecretIn(text);
        assertNoSecretLogged();
    }

    private static String with(Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "WITH (", ")"));
    }
}
