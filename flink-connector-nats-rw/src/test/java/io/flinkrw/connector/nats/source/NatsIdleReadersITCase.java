package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.RunningQuery;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.flinkrw.testutils.SqlTestSupport.WINDOW_COUNTS;
import static io.flinkrw.testutils.SqlTestSupport.windowCounts;
import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More readers than subjects, no idle timeout: the readers without a split are idle (the enumerator
 * says so), so event-time windows fire, in SQL and in a DataStream job; on a backlog, the readers
 * whose split is on its way hold the watermark back, so no record is dropped as late.
 */
class NatsIdleReadersITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** Event times start here (a whole second). */
    private static final long T0 = 1_700_000_000_000L;

    /** How long a window may take to fire: a guard against a hang, not a speed limit. */
    private static final Duration FIRE_TIMEOUT = Duration.ofSeconds(45);

    private static NatsTestStreams streams;

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
        stream = "I" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(stream, stream + ".>");
    }

    private String subject(String name) {
        return stream + "." + name;
    }

    private void createEventsTable(String subjects) {
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev) WITH ("
                        + "'connector' = 'nats', 'connect_mode' = 'plain', 'server_url' = '"
                        + NATS.url()
                        + "', 'subject' = '"
                        + subjects
                        + "', 'scan.parallelism' = '4', 'format' = 'rw-json',"
                        + " 'rw-json.timestamptz.handling.mode' = 'milli')");
    }

    /** {@code count} JSON events {"k": i, "ev": start + i * 100 ms} on {@code subject}. */
    private void publishEvents(String subject, long start, int count) throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add("{\"k\": " + i + ", \"ev\": " + (start + i * 100L) + "}");
        }
        streams.publishAll(subject, payloads);
    }

    /** {@code perWindow} counted in each of {@code windows} one-second windows from T0. */
    private static Map<Long, Long> everyWindow(int windows, long perWindow) {
        Map<Long, Long> expected = new TreeMap<>();
        for (int second = 0; second < windows; second++) {
            expected.put(T0 + second * 1000L, perWindow);
        }
        return expected;
    }

    @Test
    void sqlWindowsFireWithMoreReadersThanSubjects() throws Exception {
        createEventsTable(subject("only"));
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            // One subject, one split: three of the four readers get none.
            publishEvents(subject("only"), T0, 30);
            publishEvents(subject("only"), T0 + 10_000, 1);
            waitUtil(() -> query.sumOfCounts() == 30, FIRE_TIMEOUT, "the windows to fire");
            assertThat(windowCounts(query.rows())).isEqualTo(everyWindow(3, 10));
        }
    }

    @Test
    void sqlWindowsOverABacklogCountEveryRecord() throws Exception {
        // Published before the job starts: the two readers with a split race through it, and
        // neither may run the watermark past records the other has yet to emit.
        publishEvents(subject("a"), T0, 300);
        publishEvents(subject("b"), T0, 300);
        publishEvents(subject("a"), T0 + 100_000, 1);
        publishEvents(subject("b"), T0 + 100_000, 1);
        createEventsTable(subject("a") + "," + subject("b"));
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            waitUtil(
                    () -> windowCounts(query.rows()).size() == 30,
                    FIRE_TIMEOUT,
                    "the backlog's windows to fire");
            assertThat(windowCounts(query.rows())).isEqualTo(everyWindow(30, 20));
        }
    }

    @Test
    void dataStreamWindowsFireWithMoreReadersThanSubjects() throws Exception {
        List<String> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            times.add(String.valueOf(T0 + i * 100L));
        }
        times.add(String.valueOf(T0 + 10_000));
        streams.publishAll(subject("only"), times);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CloseableIterator<String> windows =
                env.fromSource(
                                NatsJetStreamSource.<String>builder()
                                        .setServerUrl(NATS.url())
                                        .setSubjects(subject("only"))
                                        .setValueOnlyDeserializer(new SimpleStringSchema())
                                        .build(),
                                WatermarkStrategy.<String>forMonotonousTimestamps()
                                        .withTimestampAssigner((time, ts) -> Long.parseLong(time)),
                                "nats")
                        .setParallelism(3)
                        .windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                        .process(new CountPerWindow())
                        .executeAndCollect("idle readers");
        try {
            List<String> fired =
                    CompletableFuture.supplyAsync(
                                    () -> {
                                        List<String> results = new ArrayList<>();
                                        while (results.size() < 3 && windows.hasNext()) {
                                            results.add(windows.next());
                                        }
                                        return results;
                                    })
                            .get(FIRE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(fired).containsExactly(T0 + "=10", (T0 + 1000) + "=10", (T0 + 2000) + "=10");
        } finally {
            windows.close();
        }
    }

    /** "window start=count" of each window. */
    private static final class CountPerWindow
            extends ProcessAllWindowFunction<String, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Context context, Iterable<String> elements, Collector<String> out) {
            long count = 0;
            for (String ignored : elements) {
                count++;
            }
            out.collect(context.window().getStart() + "=" + count);
        }
    }
}
