package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.formats.testutils.GeneratedOrders.Encoding;
import io.flinkrw.formats.testutils.GeneratedOrders.GeneratedOrder;
import io.flinkrw.formats.testutils.OrderDifferential;
import io.flinkrw.formats.testutils.OrderDifferential.Case;
import io.flinkrw.formats.testutils.TestSchemaFiles;
import io.flinkrw.testutils.DifferentialTries;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.PushDownDifferential.Query;

import org.apache.flink.runtime.minicluster.MiniCluster;

import io.nats.client.impl.Headers;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.flinkrw.formats.testutils.OrderDifferential.addTimes;

/**
 * Differential test of the NATS table abilities: jqwik generates orders (in rw-json, rw-avro or
 * rw-protobuf), publishes them to a fresh stream of a real nats-server on three subjects, and runs
 * a generated corpus of queries (subject and payload filters, nested and key projections, limits,
 * aggregations, windows on a payload or a {@code SOURCE_WATERMARK()} rowtime) over two tables of
 * that stream, one as planned and one with {@code 'scan.push-down.enabled' = 'false'}, in one
 * bounded job; their results, folded to final tables, must be the same multisets (see {@link
 * PushDownDifferential}), and two queries must also give exactly the generated data. Tables are
 * insert-only or upsert ({@code PRIMARY KEY (id)}), read one subject entry ({@code diff.*}, one
 * split) or three (three splits), at a parallelism of 1 to 3 (above the number of splits too).
 *
 * <p>On an upsert table with three splits, a key stays on one subject: the order of the splits'
 * rows is not defined, so neither is a key's latest row when it moves between them.
 *
 * <p>CI runs a few tries with a fixed seed, printed; a longer run: {@code mvn -o -pl
 * flink-connector-nats-rw -am verify -Dtest=NONE_X -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=NatsPushDownDifferentialITCase -Ddifferential.seed=42 -Ddifferential.tries=10} (10
 * tries for each of the six properties: a format and a changelog each).
 */
class NatsPushDownDifferentialITCase {

    private static final String STREAM = "DIFF";

    /** The subjects orders are published to, by route; each try has a new stream. */
    private static final List<String> SUBJECTS = List.of("diff.a", "diff.b", "diff.c");

    private static final NatsServer NATS = NatsServer.plain();
    private static MiniCluster flink;
    private static NatsTestStreams streams;
    private static Path schemaDir;

    @BeforeContainer
    static void start() throws Exception {
        NATS.startUp();
        streams = NatsTestStreams.connect(NATS);
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
        NATS.close();
    }

    @Provide
    Arbitrary<Case> cases() {
        return OrderDifferential.cases(
                "subjects diff.* (one split)",
                "subjects diff.a,diff.b,diff.c (three splits)",
                subjectQueries());
    }

    private static List<Arbitrary<Query>> subjectQueries() {
        List<Arbitrary<Query>> corpus = new ArrayList<>();
        // diff.d has no messages.
        Arbitrary<String> subject = Arbitraries.of("diff.a", "diff.b", "diff.c", "diff.d");
        addTimes(
                corpus,
                3,
                subject.map(
                        s ->
                                Query.exact(
                                        "SELECT id, customer, subj, seq FROM %1$s WHERE"
                                                + " subj = '"
                                                + s
                                                + "'")));
        addTimes(
                corpus,
                2,
                Combinators.combine(subject, subject)
                        .as(
                                (s, t) ->
                                        Query.exact(
                                                "SELECT * FROM %1$s WHERE subj IN ('"
                                                        + s
                                                        + "', '"
                                                        + t
                                                        + "')")));
        addTimes(
                corpus,
                2,
                Combinators.combine(subject, Arbitraries.integers().between(0, 200))
                        .as(
                                (s, x) ->
                                        Query.exact(
                                                "SELECT customer, amount, ts FROM %1$s"
                                                        + " WHERE subj = '"
                                                        + s
                                                        + "' AND amount > "
                                                        + x)));
        addTimes(
                corpus,
                1,
                Arbitraries.just(
                        Query.exact(
                                "SELECT subj, COUNT(*), MAX(seq) FROM %1$s GROUP BY" + " subj")));
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
     * Publishes {@code c}'s orders in {@code encoding} and compares the results of its queries on
     * both tables. One at a time: jqwik leaves a shrinking that ran out of time running in its
     * thread.
     */
    private static synchronized void check(Encoding encoding, Case c) throws Exception {
        long start = System.nanoTime();
        streams.createStream(STREAM, "diff.>");
        try {
            for (GeneratedOrder order : c.orders) {
                streams.publish(SUBJECTS.get(order.route), new Headers(), encoding.encode(order));
            }
            Map<String, String> options = new LinkedHashMap<>();
            options.put("connector", "nats");
            options.put("server_url", NATS.url());
            options.put("connect_mode", "plain");
            options.put("subject", c.oneSplit ? "diff.*" : String.join(",", SUBJECTS));
            options.put("scan.bounded.mode", "latest");
            OrderDifferential.assertSameResults(
                    encoding,
                    c,
                    options,
                    "subj STRING METADATA FROM 'subject' VIRTUAL"
                            + ", seq BIGINT METADATA FROM 'offset' VIRTUAL"
                            + ", ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL",
                    schemaDir,
                    start);
        } finally {
            streams.deleteStream(STREAM);
        }
    }
}
