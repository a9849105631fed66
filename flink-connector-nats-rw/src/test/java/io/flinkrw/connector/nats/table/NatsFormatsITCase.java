package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.formats.testutils.FormatSample;
import io.flinkrw.formats.testutils.SchemaLocations;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.S3Server;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rw-json, rw-avro and rw-protobuf formats through the {@code nats} SQL connector, against a
 * real nats-server: each format with its schema served over HTTP, from a {@code file://} and from
 * S3, every row checked value by value (nested rows, arrays, maps, timestamps, decimals) with its
 * metadata columns; an undecodable record fails the job naming the format, the split and the stream
 * sequence, or, with {@code ignore-parse-errors}, is skipped and counted in {@code
 * numRecordsInErrors}.
 */
class NatsFormatsITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();
    @RegisterExtension static final SchemaHttpServer HTTP = SchemaHttpServer.create();
    @RegisterExtension static final S3Server S3 = S3Server.withBuckets(SchemaLocations.BUCKET);

    private static final String STREAM = "FORMATS";

    private static NatsTestStreams streams;
    private static SchemaLocations locations;

    /** The stream sequence of each sample payload, by format. */
    private static final Map<FormatSample, List<Long>> SEQUENCES = new LinkedHashMap<>();

    private StreamTableEnvironment tableEnv;

    @BeforeAll
    static void publishSchemasAndRecords() throws Exception {
        locations = SchemaLocations.publish(HTTP, S3);
        streams = NatsTestStreams.connect(NATS);
        streams.createStream(STREAM, "formats.>");
        for (FormatSample sample : FormatSample.all()) {
            List<Long> sequences = new ArrayList<>();
            for (byte[] payload : sample.payloads()) {
                sequences.add(
                        streams.publish(
                                subject(sample),
                                new Headers().add("format", sample.format()),
                                payload));
            }
            SEQUENCES.put(sample, sequences);
        }
    }

    @AfterAll
    static void disconnect() throws Exception {
        streams.close();
    }

    @BeforeEach
    void createTableEnvironment() {
        tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    private static String subject(FormatSample sample) {
        return "formats." + sample.format().substring("rw-".length());
    }

    @ParameterizedTest(name = "{0}, schema over {1}")
    @MethodSource("io.flinkrw.formats.testutils.FormatSample#withEachSchemaLocation")
    void readsEveryRecordValueByValue(FormatSample sample, SchemaLocations.Kind kind)
            throws Exception {
        createTable(
                "t",
                sample.columns()
                        + ", seq BIGINT METADATA FROM 'offset' VIRTUAL"
                        + ", subj STRING METADATA FROM 'subject' VIRTUAL"
                        + ", hdrs MAP<STRING, ARRAY<STRING>> METADATA FROM 'headers' VIRTUAL",
                subject(sample),
                sample.tableOptions(locations, kind));

        List<Row> rows = collect(tableEnv.executeSql("SELECT * FROM t"));

        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < sample.rows().size(); i++) {
            expected.add(
                    Row.join(
                            sample.rows().get(i),
                            Row.of(
                                    SEQUENCES.get(sample).get(i),
                                    subject(sample),
                                    Map.of("format", new String[] {sample.format()}))));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void anUndecodableRecordFailsTheJobNamingTheFormatTheSplitAndThePosition() throws Exception {
        FormatSample sample = FormatSample.AVRO;
        String subject = "formats.failing";
        streams.publish(subject, new Headers(), sample.payloads().get(0));
        long bad = streams.publish(subject, new Headers(), sample.undecodable());
        createTable(
                "t",
                sample.columns(),
                subject,
                sample.tableOptions(locations, SchemaLocations.Kind.FILE));
        // A blackhole sink: a collect sink can take the TaskManager down when a job fails before
        // the sink has opened.
        tableEnv.executeSql(
                "CREATE TABLE sink WITH ('connector' = 'blackhole') LIKE t (EXCLUDING OPTIONS)");

        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO sink SELECT * FROM t").await())
                .satisfies(
                        anyCauseMatches(
                                "Could not decode the record at position "
                                        + bad
                                        + " of split '"
                                        + subject
                                        + "': "
                                        + sample.undecodableMessage()));
    }

    @Test
    void ignoredParseErrorsSkipTheRecordAndCountIt() throws Exception {
        FormatSample sample = FormatSample.PROTOBUF;
        String subject = "formats.skipping";
        streams.publish(subject, new Headers(), sample.payloads().get(0));
        streams.publish(subject, new Headers(), sample.undecodable());
        streams.publish(subject, new Headers(), sample.payloads().get(1));
        Map<String, String> options =
                new LinkedHashMap<>(sample.tableOptions(locations, SchemaLocations.Kind.S3));
        options.put(sample.format() + ".ignore-parse-errors", "true");
        createTable("t", sample.columns(), subject, options);

        TableResult result = tableEnv.executeSql("SELECT * FROM t");
        List<Row> rows = collect(result);

        assertThat(rows).containsExactlyElementsOf(sample.rows());
        assertThat(recordsInErrors(result.getJobClient().orElseThrow().getJobID())).isEqualTo(1);
    }

    /** The sum of the sources' {@code numRecordsInErrors} counters of job {@code id}. */
    private static long recordsInErrors(JobID id) {
        List<Counter> counters =
                METRICS.findMetrics(id, "numRecordsInErrors").values().stream()
                        .map(Counter.class::cast)
                        .collect(Collectors.toList());
        assertThat(counters).as("the sources' numRecordsInErrors counters").isNotEmpty();
        return counters.stream().mapToLong(Counter::getCount).sum();
    }

    private void createTable(
            String name, String columns, String subject, Map<String, String> formatOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "nats");
        options.put("server_url", NATS.url());
        options.put("connect_mode", "plain");
        options.put("subject", subject);
        options.put("scan.bounded.mode", "latest");
        options.putAll(formatOptions);
        tableEnv.executeSql(
                "CREATE TABLE "
                        + name
                        + " ("
                        + columns
                        + ") WITH ("
                        + options.entrySet().stream()
                                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
