package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.formats.testutils.FormatSample;
import io.flinkrw.formats.testutils.SchemaLocations;
import io.flinkrw.testutils.KinesisEmulator;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rw-json, rw-avro and rw-protobuf formats through the {@code kinesis} SQL connector, against
 * kinesis-local: each format with its schema served over HTTP, from a {@code file://} and from S3,
 * every row checked value by value (nested rows, arrays, maps, timestamps, decimals) with its
 * metadata columns; an undecodable record fails the job naming the format, the shard and the
 * sequence number, or, with {@code ignore-parse-errors}, is skipped and counted in {@code
 * numRecordsInErrors}.
 */
class KinesisFormatsITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();
    @RegisterExtension static final SchemaHttpServer HTTP = SchemaHttpServer.create();
    @RegisterExtension static final S3Server S3 = S3Server.withBuckets(SchemaLocations.BUCKET);

    private static KinesisTestStreams streams;
    private static SchemaLocations locations;

    /** What Kinesis answered for each sample payload, by format. */
    private static final Map<FormatSample, List<PutRecordsResultEntry>> PUT = new LinkedHashMap<>();

    private StreamTableEnvironment tableEnv;

    @BeforeAll
    static void publishSchemasAndRecords() {
        locations = SchemaLocations.publish(HTTP, S3);
        streams = new KinesisTestStreams(KINESIS);
        for (FormatSample sample : FormatSample.all()) {
            streams.create(stream(sample), 1);
            PUT.put(sample, put(stream(sample), sample.payloads()));
        }
    }

    @AfterAll
    static void disconnect() {
        streams.close();
    }

    @BeforeEach
    void createTableEnvironment() {
        tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    private static String stream(FormatSample sample) {
        return "formats-" + sample.format().substring("rw-".length());
    }

    /** Writes {@code payloads} in order, record {@code i} with partition key {@code key-i}. */
    private static List<PutRecordsResultEntry> put(String stream, List<byte[]> payloads) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("key-" + i)
                            .data(SdkBytes.fromByteArray(payloads.get(i)))
                            .build());
        }
        return streams.putAll(stream, entries);
    }

    @ParameterizedTest(name = "{0}, schema over {1}")
    @MethodSource("io.flinkrw.formats.testutils.FormatSample#withEachSchemaLocation")
    void readsEveryRecordValueByValue(FormatSample sample, SchemaLocations.Kind kind)
            throws Exception {
        createTable(
                "t",
                sample.columns()
                        + ", pkey STRING METADATA FROM 'key' VIRTUAL"
                        + ", shard STRING METADATA FROM 'partition' VIRTUAL"
                        + ", seq STRING METADATA FROM 'offset' VIRTUAL",
                stream(sample),
                sample.tableOptions(locations, kind));

        List<Row> rows = collect(tableEnv.executeSql("SELECT * FROM t"));

        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < sample.rows().size(); i++) {
            PutRecordsResultEntry put = PUT.get(sample).get(i);
            expected.add(
                    Row.join(
                            sample.rows().get(i),
                            Row.of("key-" + i, put.shardId(), put.sequenceNumber())));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void anUndecodableRecordFailsTheJobNamingTheFormatTheShardAndTheSequenceNumber()
            throws Exception {
        FormatSample sample = FormatSample.PROTOBUF;
        String stream = "formats-failing";
        streams.create(stream, 1);
        PutRecordsResultEntry bad =
                put(stream, List.of(sample.payloads().get(0), sample.undecodable())).get(1);
        createTable(
                "t",
                sample.columns(),
                stream,
                sample.tableOptions(locations, SchemaLocations.Kind.HTTP));
        // A blackhole sink: a collect sink can take the TaskManager down when a job fails before
        // the sink has opened.
        tableEnv.executeSql(
                "CREATE TABLE sink WITH ('connector' = 'blackhole') LIKE t (EXCLUDING OPTIONS)");

        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO sink SELECT * FROM t").await())
                .satisfies(
                        anyCauseMatches(
                                "Could not decode the record at position "
                                        + bad.sequenceNumber()
                                        + " of split '"
                                        + bad.shardId()
                                        + "': "
                                        + sample.undecodableMessage()));
    }

    @Test
    void ignoredParseErrorsSkipTheRecordAndCountIt() throws Exception {
        FormatSample sample = FormatSample.JSON;
        String stream = "formats-skipping";
        streams.create(stream, 1);
        put(
                stream,
                List.of(sample.payloads().get(0), sample.undecodable(), sample.payloads().get(1)));
        Map<String, String> options =
                new LinkedHashMap<>(sample.tableOptions(locations, SchemaLocations.Kind.HTTP));
        options.put(sample.format() + ".ignore-parse-errors", "true");
        createTable("t", sample.columns(), stream, options);

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
            String name, String columns, String stream, Map<String, String> formatOptions) {
        Map<String, String> options = new LinkedHashMap<>(streams.sourceOptions(stream));
        options.put("connector", "kinesis");
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
