package io.flinkrw.formats.testutils;

import io.flinkrw.formats.testutils.GeneratedOrders.Encoding;
import io.flinkrw.formats.testutils.GeneratedOrders.GeneratedOrder;
import io.flinkrw.testutils.PushDownDifferential;
import io.flinkrw.testutils.PushDownDifferential.Query;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import javax.annotation.Nullable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the connectors' push-down differential ITCases share: the generated tries ({@link Case}),
 * the two tables of a try (as planned, and with {@code 'scan.push-down.enabled' = 'false'}) and the
 * comparison of their results with {@link PushDownDifferential}. A connector brings its server, how
 * it writes an order to a route, its options and metadata columns, and queries of its own.
 */
public final class OrderDifferential {

    /** Order ids are 1 to this: few, so that an upsert table sees its keys updated. */
    public static final int MAX_ID = 6;

    /** The routes (subjects, partition keys) orders are written to. */
    public static final int ROUTES = 3;

    private OrderDifferential() {}

    /** One try: a table's shape, the data and the queries. */
    public static final class Case {
        public final boolean upsert;
        public final boolean oneSplit;
        @Nullable public final Integer parallelism;
        public final String watermark;
        public final List<GeneratedOrder> orders;
        public final List<Query> queries;
        private final String splits;

        private Case(
                boolean upsert,
                boolean oneSplit,
                @Nullable Integer parallelism,
                String watermark,
                List<GeneratedOrder> orders,
                List<Query> queries,
                String splits) {
            this.upsert = upsert;
            this.oneSplit = oneSplit;
            this.parallelism = parallelism;
            this.watermark = watermark;
            this.orders = orders;
            this.queries = queries;
            this.splits = splits;
        }

        /** The table's shape. */
        public String shape() {
            return String.format(
                    "%s, %s, scan.parallelism %s, watermark %s",
                    upsert ? "upsert" : "insert-only", splits, parallelism, watermark);
        }

        @Override
        public String toString() {
            return String.format(
                    "%s, %d orders %s, queries %s", shape(), orders.size(), orders, queries);
        }
    }

    /**
     * Tries: insert-only or upsert, one split or more (described by {@code oneSplit} and {@code
     * manySplits}), a parallelism of 1 to 3 or none, no watermark or one on a payload or a metadata
     * column, 3 to 20 orders, and 2 or 3 queries of {@link OrderQueries} and {@code ownQueries}. On
     * an upsert table with more than one split a key keeps to one route: the order of the splits'
     * rows is not defined, so neither is a key's latest row when it moves between them.
     */
    public static Arbitrary<Case> cases(
            String oneSplit, String manySplits, List<Arbitrary<Query>> ownQueries) {
        Arbitrary<Integer> parallelism = Arbitraries.integers().between(1, 3).injectNull(0.2);
        return Combinators.combine(
                        Arbitraries.of(false, true),
                        Arbitraries.of(true, false),
                        parallelism,
                        Arbitraries.of("none", "created", "ts"))
                .flatAs(
                        (upsert, single, p, watermark) -> {
                            Arbitrary<List<GeneratedOrder>> orders =
                                    GeneratedOrders.orders(MAX_ID, ROUTES)
                                            .map(o -> upsert && !single ? routedByKey(o) : o)
                                            .list()
                                            .ofMinSize(3)
                                            .ofMaxSize(20);
                            List<Arbitrary<Query>> corpus =
                                    new ArrayList<>(
                                            OrderQueries.onOrders(
                                                    watermark.equals("none") ? null : watermark,
                                                    upsert));
                            corpus.addAll(ownQueries);
                            Arbitrary<List<Query>> queries =
                                    Arbitraries.oneOf(corpus).list().ofMinSize(2).ofMaxSize(3);
                            String splits = single ? oneSplit : manySplits;
                            return Combinators.combine(orders, queries)
                                    .as(
                                            (o, q) ->
                                                    new Case(
                                                            upsert, single, p, watermark, o, q,
                                                            splits));
                        });
    }

    private static GeneratedOrder routedByKey(GeneratedOrder order) {
        return GeneratedOrders.withRoute(order, (int) (order.id % ROUTES));
    }

    /** Adds {@code query} {@code times} times: a query given n times is chosen n times as often. */
    public static void addTimes(List<Arbitrary<Query>> corpus, int times, Arbitrary<Query> query) {
        for (int i = 0; i < times; i++) {
            corpus.add(query);
        }
    }

    /** A MiniCluster with three slots, set as the context of new stream environments. */
    public static MiniCluster startFlink() throws Exception {
        MiniCluster flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(new Configuration())
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(3)
                                .build());
        flink.start();
        TestStreamEnvironment.setAsContext(flink, 1);
        return flink;
    }

    /** Stops what {@link #startFlink()} started. */
    public static void stopFlink(@Nullable MiniCluster flink) throws Exception {
        TestStreamEnvironment.unsetAsContext();
        if (flink != null) {
            flink.close();
        }
    }

    /**
     * Creates the tables {@code pushed} and {@code plain} of {@code c} over data already written in
     * {@code encoding}, runs {@code c}'s queries and one that must give exactly the data on both,
     * prints the try and asserts their results are the same.
     *
     * @param connectorOptions the connector's options for a bounded read of the data
     * @param metadataColumns the connector's metadata columns, among them {@code ts}, the timestamp
     *     ({@code TIMESTAMP_LTZ(3)}) that the {@code ts} watermark uses
     */
    public static void assertSameResults(
            Encoding encoding,
            Case c,
            Map<String, String> connectorOptions,
            String metadataColumns,
            Path schemaDir,
            long startNanos)
            throws Exception {
        // A fresh planner per try: one that a timed-out shrinking left behind may be broken.
        StreamTableEnvironment tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        for (boolean pushDown : new boolean[] {true, false}) {
            Map<String, String> options = new LinkedHashMap<>(connectorOptions);
            if (c.parallelism != null) {
                options.put("scan.parallelism", String.valueOf(c.parallelism));
            }
            options.put("scan.push-down.enabled", String.valueOf(pushDown));
            options.putAll(encoding.tableOptions(schemaDir));
            tables.executeSql(
                    tableDdl(pushDown ? "pushed" : "plain", encoding, c, metadataColumns, options));
        }
        List<Query> queries = new ArrayList<>(c.queries);
        queries.add(Query.expecting("SELECT id, customer FROM %1$s", expectedRows(c)));

        List<String> differences =
                PushDownDifferential.differences(tables, "pushed", "plain", queries);

        System.out.printf(
                "Try: %s %s, %d queries: %d ms, %s%n",
                encoding,
                c.shape(),
                queries.size(),
                (System.nanoTime() - startNanos) / 1_000_000,
                differences.isEmpty() ? "same results" : differences.size() + " differ");
        assertThat(differences).as("%s %s", encoding, c).isEmpty();
    }

    private static String tableDdl(
            String name,
            Encoding encoding,
            Case c,
            String metadataColumns,
            Map<String, String> options) {
        String watermark =
                c.watermark.equals("created")
                        ? ", WATERMARK FOR created AS created - INTERVAL '30' SECOND"
                        : c.watermark.equals("ts")
                                ? ", WATERMARK FOR ts AS SOURCE_WATERMARK()"
                                : "";
        return "CREATE TABLE "
                + name
                + " ("
                + encoding.columns()
                + ", "
                + metadataColumns
                + watermark
                + (c.upsert ? ", PRIMARY KEY (id) NOT ENFORCED" : "")
                + ") WITH ("
                + options.entrySet().stream()
                        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /** (id, customer) of every order, or of each key's last one on an upsert table. */
    private static List<Row> expectedRows(Case c) {
        Map<Object, Row> rows = new LinkedHashMap<>();
        for (int i = 0; i < c.orders.size(); i++) {
            GeneratedOrder order = c.orders.get(i);
            rows.put(c.upsert ? order.id : i, Row.of(order.id, order.customer));
        }
        return new ArrayList<>(rows.values());
    }
}
