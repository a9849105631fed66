package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.ReadmeExamples;
import io.flinkrw.testutils.RunningQuery;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Kinesis JSON example, its {@code rides} table with {@code SOURCE_WATERMARK()} on the
 * arrival time, run against kinesis-local at a parallelism above its split count (three readers,
 * two shards), without an idle timeout, under an event-time window count per city: the reader
 * without a shard must not hold the windows back. Only the region, endpoint and credentials are
 * changed (the README has no query on this table; the window is two seconds).
 */
class KinesisReadmeExamplesITCase {

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    /** A guard against a hang, not a speed limit. */
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    private static final String WINDOW_QUERY =
            "SELECT window_start, city, COUNT(*), SUM(fare) FROM TABLE(TUMBLE(TABLE rides,"
                    + " DESCRIPTOR(arrived_at), INTERVAL '2' SECOND))"
                    + " GROUP BY window_start, window_end, city";

    @Test
    void theRidesTableCountsEveryRideWithMoreReadersThanShards() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            streams.create("rides", 2);
            Map<String, String> local = new HashMap<>(streams.sourceOptions("rides"));
            local.put("aws.credentials.role.arn", null);
            local.put("aws.credentials.role.external_id", null);
            local.put("scan.parallelism", "3");
            String rides = ReadmeExamples.withOptions(ReadmeExamples.read().table("rides"), local);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            StreamTableEnvironment tables = StreamTableEnvironment.create(env);
            tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
            tables.executeSql(rides);

            List<Shard> shards = streams.openShards("rides");
            assertThat(shards).hasSize(2);
            String first = shards.get(0).hashKeyRange().startingHashKey();
            String second = shards.get(1).hashKeyRange().startingHashKey();
            try (RunningQuery query = new RunningQuery(tables.executeSql(WINDOW_QUERY))) {
                streams.putToHashKey(
                        "rides",
                        first,
                        List.of(ride(1, "Lisbon", "12.50"), ride(2, "Porto", "8.00")));
                streams.putToHashKey(
                        "rides",
                        second,
                        List.of(ride(3, "Lisbon", "7.25"), ride(4, "Lisbon", "1.00")));
                // The watermark trails the arrival times by 5 s: rides arriving 8 s later, on both
                // shards, close the windows of the first ones (and their own stays open).
                long closeAt = System.currentTimeMillis() + 8_000;
                waitUtil(
                        () -> System.currentTimeMillis() >= closeAt,
                        TIMEOUT,
                        "the clock to pass the windows");
                streams.putToHashKey("rides", first, List.of(ride(5, "later", "1.00")));
                streams.putToHashKey("rides", second, List.of(ride(6, "later", "1.00")));

                waitUtil(
                        () ->
                                totals(query.rows()).values().stream().mapToLong(t -> t.count).sum()
                                        == 4,
                        TIMEOUT,
                        "the windows of the first rides to fire");
                Map<String, Totals> totals = totals(query.rows());
                assertThat(totals).containsOnlyKeys("Lisbon", "Porto");
                assertThat(totals.get("Lisbon").count).isEqualTo(3);
                assertThat(totals.get("Lisbon").sum).isEqualByComparingTo("20.75");
                assertThat(totals.get("Porto").count).isEqualTo(1);
                assertThat(totals.get("Porto").sum).isEqualByComparingTo("8.00");
            }
        }
    }

    private static String ride(int id, String city, String fare) {
        return String.format("{\"ride_id\": %d, \"city\": \"%s\", \"fare\": %s}", id, city, fare);
    }

    /** Count and fare sum per city over every window that fired. */
    private static Map<String, Totals> totals(List<Row> rows) {
        Map<String, Totals> totals = new TreeMap<>();
        for (Row row : rows) {
            Totals t = totals.computeIfAbsent((String) row.getField(1), k -> new Totals());
            t.count += (Long) row.getField(2);
            t.sum = t.sum.add((BigDecimal) row.getField(3));
        }
        return totals;
    }

    private static final class Totals {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
    }
}
