package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.formats.testutils.GeneratedOrders;
import io.flinkrw.formats.testutils.GeneratedOrders.Encoding;
import io.flinkrw.formats.testutils.GeneratedOrders.GeneratedOrder;
import io.flinkrw.formats.testutils.OrderQueries;
import io.flinkrw.formats.testutils.TestSchemaFiles;
import io.flinkrw.testutils.DifferentialTries;
import io.flinkrw.testutils.KinesisEmulator;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.SdkBytes;

import javax.annotation.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of the Kinesis table abilities: jqwik generates orders (in rw-json, rw-avro or
 * rw-protobuf), puts them into a fresh stream of kinesalite with one or two shards under three
 * partition keys, and runs a generated corpus of queries (filters on metadata and payload columns,
 * nested and key projections, limits, aggregations, windows on a payload or a {@code
 * SOURCE_WATERMARK()} rowtime) over two tables of that stream, one as planned and one with {@code
 * 'scan.push-down.enabled' = 'false'}, in one bounded job; their results, folded to final tables,
 * must be the same multisets (see {@link PushDownDifferential}), and one query must also give
 * exactly the generated data. Tables are insert-only or upsert ({@code PRIMARY KEY (id)}), at a
 * parallelism of 1 to 3 (above the number of shards too).
 *
 * <p>On an upsert table with two shards, a key stays on one shard: the order of the shards' records
 * is not defined, so neither is a key's latest row when it moves between them.
 *
 * <p>CI runs a few tries with a fixed seed, printed; a longer run: {@code mvn -o -pl
 * flink-connector-kinesis-rw -am verify -Dtest=NONE_X -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=KinesisPushDownDifferentialITCase -Ddifferential.seed=42 -Ddifferential.tries=10} (10
 * tries for each of the six properties: a format and a changelog each).
 */
class KinesisPushDownDifferentialITCase {

    private static final int MAX_ID = 6;

    /** The partition keys orders are put under, by route. */
    private static final List<String> KEYS = List.of("r0", "r1", "r2");

    /** An explicit hash key in the first and in the second half of the hash key range. */
    private static final List<String> HASH_KEYS =
            List.of("0", "340282366920938463463374607431768211455");

    private static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();
    private static MiniCluster flink;
    private static KinesisTestStreams streams;
    private static int streamCount;
    private static StreamTableEnvironment tables;
    private static Path schemaDir;

    @BeforeContainer
    static void start() throws Exception {
        KINESIS.startUp();
        streams = new KinesisTestStreams(KINESIS);
        flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(new Configuration())
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(3)
                                .build());
        flink.start();
        TestStreamEnvironment.setAsContext(flink, 1);
        schemaDir = Files.createTempDirectory("differential-schemas");
        TestSchemaFiles.writeTo(schemaDir);
    }

    @AfterContainer
    static void stop() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        if (flink != null) {
            flink.close();
        }
        if (streams != null) {
            streams.close();
        }
        KINESIS.close();
    }

    /** One try: a table's shape, the data and the queries. */
    static final class Case {
        final boolean upsert;
        final boolean oneSplit;
        @Nullable final Integer parallelism;
        final String watermark;
        final List<GeneratedOrder> orders;
        final List<Query> queries;

        Case(
                boolean upsert,
                boolean oneSplit,
                @Nullable Integer parallelism,
                String watermark,
                List<GeneratedOrder> orders,
                List<Query> queries) {
            this.upsert = upsert;
            this.oneSplit = oneSplit;
            this.parallelism = parallelism;
            this.watermark = watermark;
            this.orders = orders;
            this.queries = queries;
        }

        /** The table's shape. */
        String shape() {
            return String.format(
                    "%s, %s, scan.parallelism %s, watermark %s",
                    upsert ? "upsert" : "insert-only",
                    oneSplit ? "one shard" : "two shards",
                    parallelism,
                    watermark);
        }

        @Override
        public String toString() {
            return String.format(
                    "%s, %d orders %s, queries %s", shape(), orders.size(), orders, queries);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> parallelism = Arbitraries.integers().between(1, 3).injectNull(0.2);
        return Combinators.combine(
                        Arbitraries.of(false, true),
                        Arbitraries.of(true, false),
                        parallelism,
                        Arbitraries.of("none", "created", "ts"))
                .flatAs(
                        (upsert, oneSplit, p, watermark) -> {
                            // Keys move between shards only where one shard keeps their order.
                            Arbitrary<List<GeneratedOrder>> orders =
                                    GeneratedOrders.orders(MAX_ID, KEYS.size())
                                            .map(o -> upsert && !oneSplit ? routedByKey(o) : o)
                                            .list()
                                            .ofMinSize(3)
                                            .ofMaxSize(20);
                            Arbitrary<List<Query>> queries =
                                    queries(watermark.equals("none") ? null : watermark, upsert);
                            return Combinators.combine(orders, queries)
                                    .as((o, q) -> new Case(upsert, oneSplit, p, watermark, o, q));
                        });
    }

    private static GeneratedOrder routedByKey(GeneratedOrder order) {
        return GeneratedOrders.withRoute(order, (int) (order.id % KEYS.size()));
    }

    private static Arbitrary<List<Query>> queries(@Nullable String rowtime, boolean upsert) {
        // A query given n times is chosen n times as often.
        List<Arbitrary<Query>> corpus = new ArrayList<>(OrderQueries.onOrders(rowtime, upsert));
        // r3 has no records.
        Arbitrary<String> key = Arbitraries.of("r0", "r1", "r2", "r3");
        addTimes(
                corpus,
                2,
                key.map(
                        k ->
                                Query.exact(
                                        "SELECT id, customer, seq FROM %1$s WHERE CAST(pkey AS"
                                                + " STRING) = '"
                                                + k
                                                + "'")));
        addTimes(
                corpus,
                1,
                Arbitraries.just(
                        Query.exact("SELECT shard, COUNT(*), MAX(seq) FROM %1$s GROUP BY shard")));
        addTimes(
                corpus,
                1,
                Arbitraries.integers()
                        .between(0, 200)
                        .map(
                                x ->
                                        Query.exact(
                                                "SELECT CAST(pkey AS STRING), shard, amount, ts"
                                                        + " FROM %1$s WHERE amount > "
                                                        + x)));
        return Arbitraries.oneOf(corpus).list().ofMinSize(2).ofMaxSize(3);
    }

    private static void addTimes(List<Arbitrary<Query>> corpus, int times, Arbitrary<Query> query) {
        for (int i = 0; i < times; i++) {
            corpus.add(query);
        }
    }

    @Property(tries = 1, shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(DifferentialTries.class)
    void rwJson(@ForAll("cases") Case c) throws Exception {
        check(Encoding.JSON, c);
    }

    @Property(tries = 1, shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(DifferentialTries.class)
    void rwAvro(@ForAll("cases") Case c) throws Exception {
        check(Encoding.AVRO, c);
    }

    @Property(tries = 1, shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(DifferentialTries.class)
    void rwProtobuf(@ForAll("cases") Case c) throws Exception {
        check(Encoding.PROTOBUF, c);
    }

    /**
     * Writes {@code c}'s orders in {@code encoding}, runs its queries on both tables and compares
     * their results. One at a time: jqwik leaves a shrinking that ran out of time running in its
     * thread, and the table environment is shared.
     */
    private static synchronized void check(Encoding encoding, Case c) throws Exception {
        long start = System.nanoTime();
        // A fresh planner per try: one that a timed-out shrinking left behind may be broken.
        tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        String stream = "diff-" + ++streamCount;
        int shards = c.oneSplit ? 1 : 2;
        streams.create(stream, shards);
        try {
            // One record per call: PutRecords does not promise the order of its records.
            for (GeneratedOrder order : c.orders) {
                streams.client()
                        .putRecord(
                                b ->
                                        b.streamName(stream)
                                                .partitionKey(KEYS.get(order.route))
                                                .explicitHashKey(
                                                        HASH_KEYS.get(order.route % shards))
                                                .data(
                                                        SdkBytes.fromByteArray(
                                                                encoding.encode(order))));
            }
            createTable("pushed", stream, encoding, c, true);
            createTable("plain", stream, encoding, c, false);
            List<Query> queries = new ArrayList<>(c.queries);
            queries.add(Query.expecting("SELECT id, customer FROM %1$s", expectedRows(c)));

            List<String> differences =
                    PushDownDifferential.differences(tables, "pushed", "plain", queries);

            System.out.printf(
                    "Try: %s %s, %d queries: %d ms, %s%n",
                    encoding,
                    c.shape(),
                    queries.size(),
                    (System.nanoTime() - start) / 1_000_000,
                    differences.isEmpty() ? "same results" : differences.size() + " differ");
            assertThat(differences).as("%s %s", encoding, c).isEmpty();
        } finally {
            streams.delete(stream);
        }
    }

    private static void createTable(
            String name, String stream, Encoding encoding, Case c, boolean pushDown) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "kinesis");
        options.putAll(streams.sourceOptions(stream));
        options.put("scan.bounded.mode", "latest");
        if (c.parallelism != null) {
            options.put("scan.parallelism", String.valueOf(c.parallelism));
        }
        options.put("scan.push-down.enabled", String.valueOf(pushDown));
        options.putAll(encoding.tableOptions(schemaDir));
        String watermark =
                c.watermark.equals("created")
                        ? ", WATERMARK FOR created AS created - INTERVAL '30' SECOND"
                        : c.watermark.equals("ts")
                                ? ", WATERMARK FOR ts AS SOURCE_WATERMARK()"
                                : "";
        tables.executeSql("DROP TABLE IF EXISTS " + name);
        tables.executeSql(
                "CREATE TABLE "
                        + name
                        + " ("
                        + encoding.columns()
                        + ", pkey BYTES METADATA FROM 'key' VIRTUAL"
                        + ", shard STRING METADATA FROM 'partition' VIRTUAL"
                        + ", seq STRING METADATA FROM 'offset' VIRTUAL"
                        + ", ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL"
                        + watermark
                        + (c.upsert ? ", PRIMARY KEY (id) NOT ENFORCED" : "")
                        + ") WITH ("
                        + options.entrySet().stream()
                                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                                .collect(Collectors.joining(", "))
                        + ")");
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
