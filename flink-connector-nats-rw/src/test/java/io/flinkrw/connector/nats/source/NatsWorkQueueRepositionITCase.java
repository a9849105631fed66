package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.TcpProxy;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A work-queue stream read through a durable consumer: the connection is cut while fetched records
 * wait in Flink's queue behind a held record, and the task then fails before the next checkpoint.
 * Every message arrives exactly once, and the queue keeps every message no completed checkpoint
 * covers.
 */
class NatsWorkQueueRepositionITCase {

    private static final int TOTAL = 3_000;
    private static final int HOLD_AT = 1_000;
    private static final int FAIL_AT = 1_500;

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

    /**
     * In the first attempt only: holds the task at record {@link #HOLD_AT} until released (the
     * fetcher fills the queue meanwhile), then fails the task at record {@link #FAIL_AT}.
     */
    private static final class HoldThenFail extends RichMapFunction<String, String> {
        private int seen;

        @Override
        public String map(String value) throws Exception {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                seen++;
                if (seen == HOLD_AT) {
                    HELD.countDown();
                    RELEASE.await();
                } else if (seen == FAIL_AT) {
                    throw new IllegalStateException("Failing the task before the next checkpoint");
                }
            }
            return value;
        }
    }

    @Test
    void connectionCutThenTaskFailureLosesAndDuplicatesNothing() throws Exception {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            published.add("m-" + i);
        }
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS);
                TcpProxy proxy = TcpProxy.to("127.0.0.1", NATS.port())) {
            streams.createStream("REPO", RetentionPolicy.WorkQueue, "repo.events");
            streams.publishAll("repo.events", published);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(300);
            RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 3, Duration.ofMillis(200));
            NatsJetStreamSource<String> source =
                    NatsJetStreamSource.<String>builder()
                            .setServerUrl("nats://127.0.0.1:" + proxy.port())
                            .setSubjects("repo.events")
                            .setProperty("consumer.durable_name", "repo")
                            .setFetchBatchSize(100)
                            .setProperty("nats.reconnect.max_backoff", "500 ms")
                            .setValueOnlyDeserializer(new SimpleStringSchema())
                            .build();
            CloseableIterator<String> results =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                            .map(new HoldThenFail())
                            .collectAsync();
            JobClient job = env.executeAsync("work queue reposition");
            List<String> read = new ArrayList<>();
            try {
                assertThat(HELD.await(120, TimeUnit.SECONDS))
                        .as("the job reached the hold")
                        .isTrue();
                // No checkpoint completes while the task is held: at most what it emitted before
                // may have been acked and left the queue.
                assertThat(streams.messageCount("REPO")).isGreaterThan(TOTAL - HOLD_AT);

                int accepted = proxy.acceptedConnections();
                assertThat(proxy.severAll()).isPositive();
                waitUtil(
                        () -> proxy.acceptedConnections() > accepted,
                        Duration.ofSeconds(60),
                        "the reader to reconnect");
                assertThat(streams.messageCount("REPO")).isGreaterThan(TOTAL - HOLD_AT);
                RELEASE.countDown();

                CompletableFuture<Void> reading =
                        CompletableFuture.runAsync(
                                () -> {
                                    while (read.size() < TOTAL && results.hasNext()) {
                                        read.add(results.next());
                                    }
                                });
                try {
                    reading.get(180, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(
                            "The job stalled: it read " + read.size() + " of " + TOTAL, e);
                }
                // The collect sink hands out what completed checkpoints cover; their acks empty
                // the queue.
                waitUtil(
                        () -> streams.messageCount("REPO") == 0,
                        Duration.ofSeconds(60),
                        "the checkpointed messages to leave the work queue");
            } finally {
                RELEASE.countDown();
                job.cancel().get(60, TimeUnit.SECONDS);
                results.close();
            }
            assertThat(read).hasSize(TOTAL).doesNotHaveDuplicates();
            assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(published));
        }
    }
}
