package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.ReadmeExamples;
import io.flinkrw.testutils.RunningQuery;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * The README's NATS JSON example, its {@code orders} table and window query, run against a real
 * nats-server at a parallelism above its split count (three readers, two subjects), without an idle
 * timeout: the reader without a subject must not hold the windows back. Only what cannot run here
 * is changed: the server and credentials, and the window, two seconds instead of a minute, since
 * the watermark follows the time the server stored the messages.
 */
class NatsReadmeExamplesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** A guard against a hang, not a speed limit. */
    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    @Test
    void theOrdersWindowQueryCountsEveryEuOrderWithMoreReadersThanSubjects() throws Exception {
        ReadmeExamples readme = ReadmeExamples.read();
        Map<String, String> local = new HashMap<>();
        local.put("server_url", NATS.url());
        local.put("connect_mode", "plain");
        local.put("username", null);
        local.put("password", null);
        local.put("scan.watermark.idle-timeout", null);
        local.put("scan.parallelism", "3");
        String orders = ReadmeExamples.withOptions(readme.table("orders"), local);
        List<String> queries = readme.queries();
        assertThat(queries).hasSize(1);
        String windowQuery = queries.get(0);
        assertThat(windowQuery).contains("INTERVAL '1' MINUTE");
        windowQuery = windowQuery.replace("INTERVAL '1' MINUTE", "INTERVAL '2' SECOND");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        tables.executeSql(orders);

        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("ORDERS", "orders.>");
            try (RunningQuery query = new RunningQuery(tables.executeSql(windowQuery))) {
                streams.publishAll(
                        "orders.eu",
                        List.of(
                                order("e1", "EU-west", "10.50"),
                                order("e2", "EU-north", "7.00"),
                                order("e3", "EU-west", "5.25")));
                streams.publishAll(
                        "orders.us", List.of(order("u1", "US", "3.00"), order("u2", "US", "4.00")));
                // The watermark trails the stored times by 5 s: messages stored 8 s later, on
                // both subjects, close the windows of the first ones (and their own stays open).
                long closeAt = System.currentTimeMillis() + 8_000;
                waitUtil(
                        () -> System.currentTimeMillis() >= closeAt,
                        TIMEOUT,
                        "the clock to pass the windows");
                streams.publishAll("orders.eu", List.of(order("e4", "later", "1.00")));
                streams.publishAll("orders.us", List.of(order("u3", "later", "1.00")));

                waitUtil(
                        () ->
                                totals(query.rows()).values().stream().mapToLong(t -> t.count).sum()
                                        == 3,
                        TIMEOUT,
                        "the windows of the EU orders to fire");
                Map<String, Totals> totals = totals(query.rows());
                assertThat(totals).containsOnlyKeys("EU-west", "EU-north");
                assertThat(totals.get("EU-west").count).isEqualTo(2);
                assertThat(totals.get("EU-west").sum).isEqualByComparingTo("15.75");
                assertThat(totals.get("EU-north").count).isEqualTo(1);
                assertThat(totals.get("EU-north").sum).isEqualByComparingTo("7.00");
            }
        }
    }

    private static String order(String id, String region, String amount) {
        return String.format(
                "{\"order_id\": \"%s\", \"region\": \"%s\", \"amount\": %s}", id, region, amount);
    }

    /** Count and sum per region over every window that fired. */
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
