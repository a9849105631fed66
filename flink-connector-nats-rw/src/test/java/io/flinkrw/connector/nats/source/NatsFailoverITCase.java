package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.NatsClientThreads;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 messages on 4 subjects, read at parallelism 2 on two TaskManagers (one slot each); one
 * TaskManager is killed in the middle and a new one joins. With exactly-once checkpointing (and a
 * collect sink that is exactly-once across failovers) every message arrives exactly once.
 */
class NatsFailoverITCase {

    private static final int SUBJECTS = 4;
    private static final int PER_SUBJECT = 25_000;
    private static final int TOTAL = SUBJECTS * PER_SUBJECT;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private static final CountDownLatch HELD = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final AtomicBoolean SECOND_HALF = new AtomicBoolean();

    /**
     * In the first attempt only, blocks on the first record after the test has seen results (so a
     * completed checkpoint covers records) and started the second half of the messages, until
     * released: the failover then restores real state in the middle of the stream.
     */
    private static final class HoldOnce extends RichMapFunction<String, String> {
        private boolean held;

        @Override
        public String map(String value) throws Exception {
            if (SECOND_HALF.get()
                    && !held
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                held = true;
                HELD.countDown();
                RELEASE.await();
            }
            return value;
        }
    }

    private static CompletableFuture<Void> publish(
            String[] subjects, int from, int to, Set<String> published) {
        return CompletableFuture.runAsync(
                () -> {
                    try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
                        for (int i = from; i < to; i += 1_000) {
                            for (int s = 0; s < subjects.length; s++) {
                                List<String> payloads = new ArrayList<>(1_000);
                                for (int j = i; j < Math.min(i + 1_000, to); j++) {
                                    payloads.add(s + "-" + j);
                                }
                                streams.publishAll(subjects[s], payloads);
                                published.addAll(payloads);
                            }
                        }
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
    }

    @Test
    void taskManagerFailureLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        String[] subjects = new String[SUBJECTS];
        for (int s = 0; s < SUBJECTS; s++) {
            subjects[s] = "failover.s" + s;
        }
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("FAILOVER", "failover.>");
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 10, Duration.ofMillis(200));
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(NATS.url())
                        .setSubjects(subjects)
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        CloseableIterator<String> results =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                        .map(new HoldOnce())
                        .collectAsync();
        JobClient job = env.executeAsync("failover");

        Set<String> expected = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> firstHalf = publish(subjects, 0, PER_SUBJECT / 2, expected);
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reading =
                CompletableFuture.runAsync(
                        () -> {
                            while (read.size() < TOTAL && results.hasNext()) {
                                read.add(results.next());
                            }
                        });
        try {
            firstHalf.get(180, TimeUnit.SECONDS);
            waitUtil(() -> !read.isEmpty(), Duration.ofSeconds(180), "results of a checkpoint");
            SECOND_HALF.set(true);
            CompletableFuture<Void> secondHalf =
                    publish(subjects, PER_SUBJECT / 2, PER_SUBJECT, expected);
            assertThat(HELD.await(180, TimeUnit.SECONDS)).as("a reader reached the hold").isTrue();
            // One slot per TaskManager: the job runs on both, so it loses a reader either way.
            miniCluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
            RELEASE.countDown();
            miniCluster.startTaskManager();
            secondHalf.get(180, TimeUnit.SECONDS);
            try {
                reading.get(300, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "The job stalled after the failover: " + read.size() + " of " + TOTAL, e);
            }
        } finally {
            RELEASE.countDown();
            job.cancel().get(60, TimeUnit.SECONDS);
            results.close();
        }

        // No connection of the failed or the cancelled readers lives on.
        NatsClientThreads.awaitNone(Duration.ofSeconds(60));

        assertThat(read).hasSize(TOTAL).doesNotHaveDuplicates();
        assertThat(expected).hasSize(TOTAL);
        assertThat(new HashSet<>(read)).isEqualTo(expected);
    }
}
