package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.formats.testutils.WideRecords;
import io.flinkrw.testutils.NatsServer;
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
import org.apache.flink.types.RowKind;

import org.apache.avro.Schema.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.flinkrw.testutils.SqlTestSupport.WINDOW_COUNTS;
import static io.flinkrw.testutils.SqlTestSupport.collectAll;
import static io.flinkrw.testutils.SqlTestSupport.createViewWithWatermarkAfterSource;
import static io.flinkrw.testutils.SqlTestSupport.gauge;
import static io.flinkrw.testutils.SqlTestSupport.windowCounts;
import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table abilities against a real nats-server: watermarks per subject inside the source (and
 * what a watermark after the source gets wrong), idle subjects, {@code SOURCE_WATERMARK()},
 * projection into rw-avro with the decoder's field counts, subject filter push-down and limit.
 */
class NatsTableAbilitiesITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** Event times start here (a whole second). */
    private static final long T0 = 1_700_000_000_000L;

    private static NatsTestStreams streams;

    @TempDir Path temp;

    private StreamTableEnvironment tables;
    private String stream;

    @BeforeAll
    static void connect() throws Exception {
        streams = NatsTestStreams.connect(NATS);
    }

    @AfterAll
    static void disconnect() throws Exception {
        streams.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        tables = StreamTableEnvironment.create(env);
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        stream = "A" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(stream, stream + ".>");
    }

    private String subject(String name) {
        return stream + "." + name;
    }

    private String with(String... options) {
        StringBuilder with =
                new StringBuilder(
                                "'connector' = 'nats', 'connect_mode' = 'plain', 'server_url' = '")
                        .append(NATS.url())
                        .append("'");
        for (int i = 0; i < options.length; i += 2) {
            with.append(", '")
                    .append(options[i])
                    .append("' = '")
                    .append(options[i + 1])
                    .append("'");
        }
        return " WITH (" + with + ")";
    }

    /** {@code count} JSON events {"k": i, "ev": start + i * 100 ms} on {@code subject}. */
    private void publishEvents(String subject, long start, int count) throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add("{\"k\": " + i + ", \"ev\": " + (start + i * 100L) + "}");
        }
        streams.publishAll(subject, payloads);
    }

    @Test
    void watermarksPerSubjectCountEveryWindowWhereAWatermarkAfterTheSourceDropsRecords()
            throws Exception {
        // One subject runs an hour ahead of the other; each is in order.
        publishEvents(subject("fast"), T0 + 3_600_000, 100);
        publishEvents(subject("slow"), T0, 100);
        String options =
                with(
                        "subject", subject("fast") + "," + subject("slow"),
                        "scan.bounded.mode", "latest",
                        "nats.fetch.batch_size", "10",
                        "format", "rw-json",
                        "rw-json.timestamptz.handling.mode", "milli");
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev)"
                        + with(
                                "subject", subject("fast") + "," + subject("slow"),
                                "scan.bounded.mode", "latest",
                                "scan.watermark.emit.strategy", "on-event",
                                "nats.fetch.batch_size", "10",
                                "format", "rw-json",
                                "rw-json.timestamptz.handling.mode", "milli"));

        Map<Long, Long> perSplit =
                windowCounts(
                        collectAll(
                                tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev"))));

        Map<Long, Long> expected = new TreeMap<>();
        for (int second = 0; second < 10; second++) {
            expected.put(T0 + second * 1000L, 10L);
            expected.put(T0 + 3_600_000 + second * 1000L, 10L);
        }
        assertThat(perSplit).isEqualTo(expected);

        // The same records and the same watermark, assigned after the source: the slow
        // subject's records arrive behind the fast one's watermark and are dropped as late.
        tables.executeSql("CREATE TABLE plain (k INT, ev TIMESTAMP_LTZ(3))" + options);
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
    void windowsFireWhileOneSubjectIsIdle() throws Exception {
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev)"
                        + with(
                                "subject", subject("busy") + "," + subject("idle"),
                                "scan.watermark.idle-timeout", "1 s",
                                "format", "rw-json",
                                "rw-json.timestamptz.handling.mode", "milli"));
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            // 30 events over three seconds, then one that closes their windows; the other
            // subject never gets a message.
            publishEvents(subject("busy"), T0, 30);
            publishEvents(subject("busy"), T0 + 10_000, 1);
            waitUtil(
                    () -> query.sumOfCounts() == 30,
                    Duration.ofSeconds(60),
                    "the windows of the busy subject to fire");
            assertThat(windowCounts(query.rows()))
                    .isEqualTo(Map.of(T0, 10L, T0 + 1000, 10L, T0 + 2000, 10L));
        }
    }

    @Test
    void sourceWatermarkIsTheStoredTime() throws Exception {
        tables.executeSql(
                "CREATE TABLE events (k INT,"
                        + " stored TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,"
                        + " WATERMARK FOR stored AS SOURCE_WATERMARK())"
                        + with(
                                "subject", subject("s"),
                                "format", "rw-json",
                                "scan.source-watermark.max-out-of-orderness", "0 s"));
        try (RunningQuery query =
                new RunningQuery(
                        tables.executeSql(String.format(WINDOW_COUNTS, "events", "stored")))) {
            publishEvents(subject("s"), 0, 5);
            long afterFirst = System.currentTimeMillis() / 1000 * 1000 + 1000;
            waitUtil(
                    () -> System.currentTimeMillis() > afterFirst,
                    Duration.ofSeconds(5),
                    "the clock to pass the first messages' window");
            publishEvents(subject("s"), 0, 1);
            // Only the stored times move the watermark past the first messages' windows.
            waitUtil(
                    () -> query.sumOfCounts() == 5,
                    Duration.ofSeconds(60),
                    "the windows of the first five messages to fire");
        }
    }

    @Test
    void twoOfTwentyAvroColumnsAreDecodedAndTheOtherFieldsSkipped() throws Exception {
        Path avsc = temp.resolve("wide.avsc");
        Files.writeString(avsc, WideRecords.avsc());
        org.apache.avro.Schema schema = new Parser().parse(WideRecords.avsc());
        int records = 50;
        for (int i = 0; i < records; i++) {
            streams.publish(subject("wide"), null, WideRecords.avro(schema, i));
        }
        tables.executeSql(
                "CREATE TABLE wide ("
                        + WideRecords.sqlColumns()
                        + ")"
                        + with(
                                "subject",
                                subject("wide"),
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
    void subjectPredicatesNarrowTheSubjectsRead() throws Exception {
        streams.publish(subject("a"), "{\"k\": 1}");
        streams.publish(subject("b"), "{\"k\": 2}");
        streams.publish(subject("c"), "{\"k\": 3}");
        streams.publish(subject("a"), "{\"k\": 4}");
        tables.executeSql(
                "CREATE TABLE t (k INT,"
                        + " subj STRING METADATA FROM 'subject' VIRTUAL,"
                        + " part STRING METADATA FROM 'partition' VIRTUAL)"
                        + with(
                                "subject", stream + ".*",
                                "scan.bounded.mode", "latest",
                                "format", "rw-json"));

        // Each pushed subject is a split of its own: the partition is the subject itself.
        assertThat(
                        collectAll(
                                tables.executeSql(
                                        "SELECT k, subj, part FROM t WHERE subj IN ('"
                                                + subject("a")
                                                + "', '"
                                                + subject("c")
                                                + "')")))
                .containsExactlyInAnyOrder(
                        Row.of(1, subject("a"), subject("a")),
                        Row.of(4, subject("a"), subject("a")),
                        Row.of(3, subject("c"), subject("c")));
        // A subject the option does not cover is not read at all, and the job ends.
        assertThat(collectAll(tables.executeSql("SELECT k FROM t WHERE subj = 'elsewhere.a'")))
                .isEmpty();
    }

    @Test
    void aSubjectPredicateOnAKeyedTableSeesEachKeysLatestRow() throws Exception {
        // Key 1 moves from orders.eu to orders.us; key 2 stays on orders.eu.
        streams.publish(subject("eu"), "{\"id\": 1, \"v\": 1}");
        streams.publish(subject("us"), "{\"id\": 1, \"v\": 2}");
        streams.publish(subject("eu"), "{\"id\": 2, \"v\": 3}");
        tables.executeSql(
                "CREATE TABLE t (id BIGINT NOT NULL, v INT,"
                        + " subj STRING METADATA FROM 'subject' VIRTUAL,"
                        + " PRIMARY KEY (id) NOT ENFORCED)"
                        + with(
                                "subject", stream + ".*",
                                "scan.bounded.mode", "latest",
                                "format", "rw-json"));

        Map<Long, Integer> latest = new TreeMap<>();
        for (Row row :
                collectAll(
                        tables.executeSql(
                                "SELECT id, v FROM t WHERE subj = '" + subject("eu") + "'"))) {
            if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                latest.put((Long) row.getField(0), (Integer) row.getField(1));
            } else {
                latest.remove((Long) row.getField(0));
            }
        }
        // Key 1's latest row is on orders.us: it is not an orders.eu row any more.
        assertThat(latest).isEqualTo(Map.of(2L, 3));
    }

    @Test
    void limitStopsTheReaderOfABoundedRead() throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            payloads.add("{\"k\": " + i + "}");
        }
        streams.publishAll(subject("many"), payloads);
        tables.executeSql(
                "CREATE TABLE t (k INT)"
                        + with(
                                "subject", subject("many"),
                                "scan.bounded.mode", "latest",
                                "nats.fetch.batch_size", "10",
                                "format", "rw-json"));

        TableResult result = tables.executeSql("SELECT k FROM t LIMIT 5");
        assertThat(collectAll(result)).hasSize(5);

        JobID job = result.getJobClient().orElseThrow().getJobID();
        List<OperatorMetricGroup> sources = METRICS.findOperatorMetricGroups(job, "NatsSource");
        assertThat(sources).hasSize(1);
        long read = sources.get(0).getIOMetricGroup().getNumRecordsInCounter().getCount();
        // The reader stopped a batch or two after the limit, far from the 500 messages.
        assertThat(read).isBetween(5L, 50L);
    }
}
