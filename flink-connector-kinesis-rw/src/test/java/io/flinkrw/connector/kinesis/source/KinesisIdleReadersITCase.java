package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
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
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.flinkrw.testutils.SqlTestSupport.WINDOW_COUNTS;
import static io.flinkrw.testutils.SqlTestSupport.windowCounts;
import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More readers than open shards, no idle timeout: the readers without a shard are idle (the
 * enumerator says so), so event-time windows fire, in SQL and in a DataStream job; on a backlog
 * (also across a reshard, whose children wait for their parent), the readers whose shard is on its
 * way hold the watermark back, so no record is dropped as late.
 */
class KinesisIdleReadersITCase {

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    /** Event times start here (a whole second). */
    private static final long T0 = 1_700_000_000_000L;

    /** How long a window may take to fire: a guard against a hang, not a speed limit. */
    private static final Duration FIRE_TIMEOUT = Duration.ofSeconds(45);

    private static KinesisTestStreams streams;

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

    private static String newStream(int shards) {
        String stream = "idle-" + UUID.randomUUID();
        streams.create(stream, shards);
        return stream;
    }

    private static List<String> openHashKeys(String stream) {
        List<String> keys = new ArrayList<>();
        for (Shard shard : streams.openShards(stream)) {
            keys.add(shard.hashKeyRange().startingHashKey());
        }
        return keys;
    }

    private void createEventsTable(String stream) {
        Map<String, String> options = new HashMap<>(streams.sourceOptions(stream));
        options.put("connector", "kinesis");
        options.put("scan.parallelism", "4");
        options.put("format", "rw-json");
        options.put("rw-json.timestamptz.handling.mode", "milli");
        tables.executeSql(
                "CREATE TABLE events (k INT, ev TIMESTAMP_LTZ(3), WATERMARK FOR ev AS ev)"
                        + options.entrySet().stream()
                                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                                .collect(Collectors.joining(", ", " WITH (", ")")));
    }

    /** {@code count} JSON events {"k": i, "ev": start + i * 100 ms} into one shard. */
    private static void putEvents(String stream, String hashKey, long start, int count) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add("{\"k\": " + i + ", \"ev\": " + (start + i * 100L) + "}");
        }
        streams.putToHashKey(stream, hashKey, payloads);
    }

    /**
     * {@code perWindow} counted in each of {@code windows} one-second windows from {@code start}.
     */
    private static Map<Long, Long> windows(long start, int windows, long perWindow) {
        Map<Long, Long> expected = new TreeMap<>();
        for (int second = 0; second < windows; second++) {
            expected.put(start + second * 1000L, perWindow);
        }
        return expected;
    }

    @Test
    void sqlWindowsFireWithMoreReadersThanShards() throws Exception {
        String stream = newStream(1);
        String shard = openHashKeys(stream).get(0);
        createEventsTable(stream);
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            // One shard: three of the four readers get none.
            putEvents(stream, shard, T0, 30);
            putEvents(stream, shard, T0 + 10_000, 1);
            waitUtil(() -> query.sumOfCounts() == 30, FIRE_TIMEOUT, "the windows to fire");
            assertThat(windowCounts(query.rows())).isEqualTo(windows(T0, 3, 10));
        }
    }

    @Test
    void sqlWindowsOverABacklogAcrossAReshardCountEveryRecord() throws Exception {
        // Written before the job starts: a parent shard, then its two children. The children's
        // readers wait for the parent to finish; they must hold the watermark back meanwhile.
        String stream = newStream(1);
        Shard parent = streams.openShards(stream).get(0);
        putEvents(stream, parent.hashKeyRange().startingHashKey(), T0, 100);
        streams.split(stream, parent);
        List<String> children = openHashKeys(stream);
        assertThat(children).hasSize(2);
        for (String child : children) {
            putEvents(stream, child, T0 + 10_000, 100);
            putEvents(stream, child, T0 + 100_000, 1);
        }
        createEventsTable(stream);
        try (RunningQuery query =
                new RunningQuery(tables.executeSql(String.format(WINDOW_COUNTS, "events", "ev")))) {
            waitUtil(
                    () -> windowCounts(query.rows()).size() == 20,
                    FIRE_TIMEOUT,
                    "the backlog's windows to fire");
            Map<Long, Long> expected = windows(T0, 10, 10);
            expected.putAll(windows(T0 + 10_000, 10, 20));
            assertThat(windowCounts(query.rows())).isEqualTo(expected);
        }
    }

    @Test
    void dataStreamWindowsFireWithMoreReadersThanShards() throws Exception {
        String stream = newStream(1);
        List<String> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            times.add(String.valueOf(T0 + i * 100L));
        }
        times.add(String.valueOf(T0 + 10_000));
        streams.putToHashKey(stream, openHashKeys(stream).get(0), times);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CloseableIterator<String> windows =
                env.fromSource(
                                KinesisSource.<String>builder()
                                        .setProperties(streams.sourceOptions(stream))
                                        .setValueOnlyDeserializer(new SimpleStringSchema())
                                        .build(),
                                WatermarkStrategy.<String>forMonotonousTimestamps()
                                        .withTimestampAssigner((time, ts) -> Long.parseLong(time)),
                                "kinesis")
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
