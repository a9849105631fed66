package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.NatsClientThreads;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code kill -9} of the NATS server (file store) in the middle of a job, then a restart on the
 * same port: the job goes on without a failover and reads exactly what was published, once. The
 * first kill hits while the job holds unread messages in the stream (it is held back by
 * backpressure), the second while it idles waiting for messages.
 */
class NatsServerRestartITCase {

    private static final int FIRST = 20_000;
    private static final int HOLD_AFTER = 5_000;
    private static final int SECOND = 10_000;
    private static final int THIRD = 5_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private static final CountDownLatch HELD = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Blocks the job after {@link #HOLD_AFTER} records until the test releases it. */
    private static final class HoldBack extends RichMapFunction<String, String> {
        private int seen;

        @Override
        public String map(String value) throws Exception {
            if (++seen == HOLD_AFTER) {
                HELD.countDown();
                RELEASE.await();
            }
            return value;
        }
    }

    private static List<String> payloads(String prefix, int count) {
        List<String> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(prefix + "-" + i);
        }
        return payloads;
    }

    private static void publish(String prefix, int count) throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.publishAll("restart.events", payloads(prefix, count));
        }
    }

    private static void readUntil(CloseableIterator<String> results, List<String> into, int total)
            throws Exception {
        CompletableFuture<Void> reading =
                CompletableFuture.runAsync(
                        () -> {
                            while (into.size() < total && results.hasNext()) {
                                into.add(results.next());
                            }
                        });
        try {
            reading.get(120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "The job stalled: it read " + into.size() + " of " + total + " messages", e);
        }
        assertThat(into).hasSize(total);
    }

    @Test
    void survivesKillNineAndRestartWithNothingLostOrDuplicated() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("RESTART", "restart.>");
        }
        publish("a", FIRST);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        // Any failover would fail the job: the source must ride out the restart by itself.
        RestartStrategyUtils.configureNoRestartStrategy(env);
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(NATS.url())
                        .setSubjects("restart.events")
                        .setFetchBatchSize(500)
                        .setProperty("nats.reconnect.max_backoff", "500 ms")
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        CloseableIterator<String> results =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                        .map(new HoldBack())
                        .collectAsync();
        JobClient job = env.executeAsync("server restart");
        List<String> read = new ArrayList<>();
        try {
            assertThat(HELD.await(120, TimeUnit.SECONDS)).as("the job reached the hold").isTrue();
            NATS.kill();
            NATS.startUp();
            publish("b", SECOND);
            RELEASE.countDown();
            readUntil(results, read, FIRST + SECOND);

            NATS.kill();
            NATS.startUp();
            publish("c", THIRD);
            readUntil(results, read, FIRST + SECOND + THIRD);
        } finally {
            RELEASE.countDown();
            job.cancel().get(60, TimeUnit.SECONDS);
            results.close();
        }

        // No connection of the failed or the cancelled readers lives on.
        NatsClientThreads.awaitNone(Duration.ofSeconds(60));

        Set<String> expected = new HashSet<>(payloads("a", FIRST));
        expected.addAll(payloads("b", SECOND));
        expected.addAll(payloads("c", THIRD));
        assertThat(new HashSet<>(read)).isEqualTo(expected);
        assertThat(read).hasSize(expected.size()).doesNotHaveDuplicates();
    }
}
