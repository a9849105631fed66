package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.formats.testutils.WideRecords;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.RunningQuery;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.apache.avro.Schema.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.flinkrw.testutils.SqlTestSupport.WINDOW_COUNTS;
import static io.flinkrw.testutils.SqlTestSupport.collectAll;
import static io.flinkrw.testutils.SqlTestSupport.createViewWithWatermarkAfterSource;
import static io.flinkrw.testutils.SqlTestSupport.gauge;
import static io.flinkrw.testutils.SqlTestSupport.windowCounts;
import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table abilities against kinesis-local: watermarks per shard inside the source (and what a
 * watermark after the source gets wrong), an idle shard, {@code SOURCE_WATERMARK()} (arrival time),
 * projection into rw-avro with the decoder's field counts, and limit.
 */
class KinesisTableAbilitiesITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    /** Event times start here (a whole second). */
    private static final long T0 = 1_700_000_000_000L;

    private static KinesisTestStreams streams;

    @TempDir Path temp;

    private StreamTableEnvironment tables;

    @BeforeAll
    static void connect() {
        streams = new KinesisTestStreams(KINESIS);
    }

    @AfterAll
    static void disconnect() {
        streams.close();
    }

    @BeforeEach
    void createTableEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        tables = StreamTableEnvironment.create(env);
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    }

    /** A new stream; returns the starting hash key of each shard, in hash-key order. */
    private static String newStream(int shards, List<String> hashKeys) {
        String stream = "abilities-" + UUID.randomUUID();
        streams.create(stream, shards);
        for (Shard shard : streams.openShards(stream)) {
            hashKeys.add(shard.hashKeyRange().startingHashKey());
        }
        return stream;
    }

    private static String with(String stream, String... extra) {
        Map<String, String> options = new HashMap<>(streams.sourceOptions(stream));
        options.put("connector", "kinesis");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", " WITH (", ")"));
    }

    /** {@code count} JSON events {"k": i, "ev": start + i * 100 ms} into one shard. */
    private static void putEvents(String stream, String hashKey, long start, int count) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add("{\"k\": " + i + ", \"ev\": " + (start + i * 100L) + "}");
        }
        streams.putToHashKey(stream, hashKey, payloads);
    }

    @Test
    void watermarksPerShardCountEveryWindowWhereAWatermarkAfterTheSourceDropsRecords()
            throws Exception {
        List<String> shards = new ArrayList<>();
        String stream = newStream(2, shards);
        // One shard runs an hour ahead of the other; each is in order.
        putEvents(stream, shards.get(0), T0 + 3_600_000, 100);
        putEvents(stream, shards.get(1), T0, 100);
        String[] options = {
            "scan.bounded.mode", "latest",
            "kinesis.reader.max_records_per_call", "10",
            "format", "rw-json",
            "rw-json.timestamptz.handling.mode", "milli"
        };
        String onEvent = "scan.watermark.emit.strategy";
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev)"
                        + with(
                                stream,
                                options[0],
                                options[1],
                                options[2],
                                options[3],
                                options[4],
                                options[5],
                                options[6],
                                options[7],
                                onEvent,
                                "on-event"));

        Map<Long, Long> perShard =
                windowCounts(
                        collectAll(
                                tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev"))));

        Map<Long, Long> expected = new TreeMap<>();
        for (int second = 0; second < 10; second++) {
            expected.put(T0 + second * 1000L, 10L);
            expected.put(T0 + 3_600_000 + second * 1000L, 10L);
        }
        assertThat(perShard).isEqualTo(expected);

        // The same records and the same watermark, assigned after the source: the slow shard's
        // records arrive behind the fast one's watermark and are dropped as late.
        tables.executeSql(
                "CREATE TABLE plain (k INT, ev TIMESTAMP_LTZ(3))" + with(stream, options));
        createViewWithWatermarkAfterSource(tables, "plain", "after_source");
        Map<Long, Long> afterSource =
                windowCounts(
                        collectAll(
                                tables.executeSql(
                                        String.format(WINDOW_COUNTS, "after_source", "rowtime"))));
        long counted = afterSource.values().stream().mapToLong(Long::longValue).sum();
        assertThat(counted).isLessThan(200);
        assertThat(afterSource).isNotEqualTo(expected);
    }

    @Test
    void windowsFireWhileOneShardIsIdle() throws Exception {
        List<String> shards = new ArrayList<>();
        String stream = newStream(2, shards);
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev)"
                        + with(
                                stream,
                                "scan.watermark.idle-timeout",
                                "1 s",
                                "format",
                                "rw-json",
                                "rw-json.timestamptz.handling.mode",
                                "milli"));
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            // 30 events over three seconds into one shard, then one that closes their windows;
            // the other shard never gets a record.
            putEvents(stream, shards.get(0), T0, 30);
            putEvents(stream, shards.get(0), T0 + 10_000, 1);
            waitUtil(
                    () -> query.sumOfCounts() == 30,
                    Duration.ofSeconds(60),
                    "the windows of the busy shard to fire");
            assertThat(windowCounts(query.rows()))
                    .isEqualTo(Map.of(T0, 10L, T0 + 1000, 10L, T0 + 2000, 10L));
        }
    }

    @Test
    void sourceWatermarkIsTheArrivalTime() throws Exception {
        List<String> shards = new ArrayList<>();
        String stream = newStream(1, shards);
        tables.executeSql(
                "CREATE TABLE events (k INT,"
                        + " arrival TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,"
                        + " WATERMARK FOR arrival AS SOURCE_WATERMARK())"
                        + with(
                                stream,
                                "format",
                                "rw-json",
                                "scan.source-watermark.max-out-of-orderness",
                                "0 s"));
        try (RunningQuery query =
                new RunningQuery(
                        tables.executeSql(String.format(WINDOW_COUNTS, "events", "arrival")))) {
            putEvents(stream, shards.get(0), 0, 5);
            long afterFirst = System.currentTimeMillis() / 1000 * 1000 + 1000;
            waitUtil(
                    () -> System.currentTimeMillis() > afterFirst,
                    Duration.ofSeconds(5),
                    "the clock to pass the first records' window");
            putEvents(stream, shards.get(0), 0, 1);
            // Only the arrival times move the watermark past the first records' windows.
            waitUtil(
                    () -> query.sumOfCounts() == 5,
                    Duration.ofSeconds(60),
                    "the windows of the first five records to fire");
        }
    }

    @Test
    void twoOfTwentyAvroColumnsAreDecodedAndTheOtherFieldsSkipped() throws Exception {
        Path avsc = temp.resolve("wide.avsc");
        Files.writeString(avsc, WideRecords.avsc());
        org.apache.avro.Schema schema = new Parser().parse(WideRecords.avsc());
        String stream = newStream(1, new ArrayList<>());
        int records = 50;
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("k")
                            .data(SdkBytes.fromByteArray(WideRecords.avro(schema, i)))
                            .build());
        }
        streams.putAll(stream, entries);
        tables.executeSql(
                "CREATE TABLE wide ("
                        + WideRecords.sqlColumns()
                        + ")"
                        + with(
                                stream,
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "rw-avro",
                                "rw-avro.schema.location",
                                avsc.toUri().toString()));

        TableResult result = tables.executeSql("SELECT f18, f3 FROM wide");
        List<Row> rows = collectAll(result);

        assertThat(rows).hasSize(records);
        for (int i = 0; i < records; i++) {
            assertThat(rows.get(i)).isEqualTo(Row.of("s" + i + "_17", i + 2 / 100.0));
        }
        JobID job = result.getJobClient().orElseThrow().getJobID();
        assertThat(gauge(METRICS, job, ".rw-avro.numFieldsRead")).isEqualTo(2L * records);
        assertThat(gauge(METRICS, job, ".rw-avro.numFieldsSkipped")).isEqualTo(18L * records);
    }

    @Test
    void limitStopsTheReaderOfABoundedRead() throws Exception {
        List<String> shards = new ArrayList<>();
        String stream = newStream(1, shards);
        putEvents(stream, shards.get(0), T0, 300);
        tables.executeSql(
                "CREATE TABLE t (k INT)"
                        + with(
                                stream,
                                "scan.bounded.mode",
                                "latest",
                                "kinesis.reader.max_records_per_call",
                                "10",
                                "format",
                                "rw-json"));

        TableResult result = tables.executeSql("SELECT k FROM t LIMIT 5");
        assertThat(collectAll(result)).hasSize(5);

        JobID job = result.getJobClient().orElseThrow().getJobID();
        List<OperatorMetricGroup> sources = METRICS.findOperatorMetricGroups(job, "KinesisSource");
        assertThat(sources).hasSize(1);
        long read = sources.get(0).getIOMetricGroup().getNumRecordsInCounter().getCount();
        // The reader stopped a batch or two after the limit, far from the 300 records.
        assertThat(read).isBetween(5L, 50L);
    }
}
