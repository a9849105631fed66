package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.formats.testutils.GeneratedOrders.Encoding;
import io.flinkrw.formats.testutils.GeneratedOrders.GeneratedOrder;
import io.flinkrw.formats.testutils.OrderDifferential;
import io.flinkrw.formats.testutils.OrderDifferential.Case;
import io.flinkrw.formats.testutils.TestSchemaFiles;
import io.flinkrw.testutils.DifferentialTries;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.PushDownDifferential.Query;

import org.apache.flink.runtime.minicluster.MiniCluster;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.core.SdkBytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.flinkrw.formats.testutils.OrderDifferential.addTimes;

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

    /** The partition keys orders are put under, by route. */
    private static final List<String> KEYS = List.of("r0", "r1", "r2");

    /** An explicit hash key in the first and in the second half of the hash key range. */
    private static final List<String> HASH_KEYS =
            List.of("0", "340282366920938463463374607431768211455");

    private static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();
    private static MiniCluster flink;
    private static KinesisTestStreams streams;
    private static int streamCount;
    private static Path schemaDir;

    @BeforeContainer
    static void start() throws Exception {
        KINESIS.startUp();
        streams = new KinesisTestStreams(KINESIS);
        flink = OrderDifferential.startFlink();
        schemaDir = Files.createTempDirectory("differential-schemas");
        TestSchemaFiles.writeTo(schemaDir);
    }

    @AfterContainer
    static void stop() throws Exception {
        OrderDifferential.stopFlink(flink);
        if (streams != null) {
            streams.close();
        }
        KINESIS.close();
    }

    @Provide
    Arbitrary<Case> cases() {
        return OrderDifferential.cases("one shard", "two shards", keyQueries());
    }

    private static List<Arbitrary<Query>> keyQueries() {
        List<Arbitrary<Query>> corpus = new ArrayList<>();
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
        return corpus;
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
     * Puts {@code c}'s orders in {@code encoding} and compares the results of its queries on both
     * tables. One at a time: jqwik leaves a shrinking that ran out of time running in its thread.
     */
    private static synchronized void check(Encoding encoding, Case c) throws Exception {
        long start = System.nanoTime();
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
            Map<String, String> options = new LinkedHashMap<>();
            options.put("connector", "kinesis");
            options.putAll(streams.sourceOptions(stream));
            options.put("scan.bounded.mode", "latest");
            OrderDifferential.assertSameResults(
                    encoding,
                    c,
                    options,
                    "pkey BYTES METADATA FROM 'key' VIRTUAL"
                            + ", shard STRING METADATA FROM 'partition' VIRTUAL"
                            + ", seq STRING METADATA FROM 'offset' VIRTUAL"
                            + ", ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL",
                    schemaDir,
                    start);
        } finally {
            streams.delete(stream);
        }
    }
}
