package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.ArrivalLog;
import io.flinkrw.connector.nats.testutils.NatsClientThreads;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.connector.nats.testutils.SteadyPublisher;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.TcpProxy;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded chaos run: for a fixed time ({@value #DEFAULT_SECONDS} s, or {@code
 * -Dnats.chaos.seconds=N}) messages are published at a steady rate on two subjects while faults
 * from a seeded schedule ({@code -Dnats.chaos.seed=S} replays one) hit a checkpointed job: a {@code
 * kill -9} of the server and its restart, a cut of the reader's connections (through a {@link
 * TcpProxy}), and a TaskManager failure. Afterwards exactly the published set must have arrived.
 * The seed, the faults and the counts are printed.
 */
class NatsChaosITCase {

    private static final int DEFAULT_SECONDS = 75;
    private static final int RATE = 100;
    private static final String[] SUBJECTS = {"chaos.a", "chaos.b"};
    private static final Duration DRAIN_GUARD = Duration.ofMinutes(5);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private enum Fault {
        SERVER_KILL_AND_RESTART,
        CONNECTION_CUT,
        TASK_MANAGER_FAILURE
    }

    @Test
    void exactlyThePublishedSetArrivesThroughSeededFaults(
            @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        long seed = Long.getLong("nats.chaos.seed", System.nanoTime());
        Duration runFor = Duration.ofSeconds(Long.getLong("nats.chaos.seconds", DEFAULT_SECONDS));
        Random random = new Random(seed);
        System.out.printf("NATS chaos run: seed %d, %s%n", seed, runFor);

        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("CHAOS", "chaos.>");
        }
        List<String> faults = new ArrayList<>();
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", NATS.port())) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(500);
            RestartStrategyUtils.configureFixedDelayRestartStrategy(
                    env, Integer.MAX_VALUE, Duration.ofMillis(500));
            NatsJetStreamSource<String> source =
                    NatsJetStreamSource.<String>builder()
                            .setServerUrl("nats://127.0.0.1:" + proxy.port())
                            .setSubjects(SUBJECTS)
                            .setProperty("nats.reconnect.max_backoff", "1 s")
                            .setDeserializer(ArrivalLog.deserializer())
                            .build();
            List<SteadyPublisher> publishers = new ArrayList<>();
            JobClient job = null;
            try (ArrivalLog arrivals =
                    new ArrivalLog(
                            env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                                    .collectAsync())) {
                job = env.executeAsync("chaos");
                arrivals.start();
                for (String subject : SUBJECTS) {
                    publishers.add(
                            new SteadyPublisher(
                                            NATS.optionsBuilder(),
                                            subject,
                                            subject,
                                            RATE,
                                            Integer.MAX_VALUE)
                                    .start());
                }
                long start = System.nanoTime();
                long end = start + runFor.toNanos();
                while (true) {
                    long pause = TimeUnit.MILLISECONDS.toNanos(3_000 + random.nextInt(7_000));
                    if (System.nanoTime() + pause > end) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.sleep(pause);
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    String detail = inject(fault, random, proxy, miniCluster);
                    faults.add(
                            String.format(
                                    "%5.1f s %s%s",
                                    (System.nanoTime() - start) / 1e9,
                                    fault,
                                    detail.isEmpty() ? "" : " (" + detail + ")"));
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));

                Set<String> published = new HashSet<>();
                int retries = 0;
                for (SteadyPublisher publisher : publishers) {
                    publisher.stop();
                    published.addAll(publisher.published());
                    retries += publisher.retries();
                }
                // A last message per subject: whatever a split read twice arrives before it.
                List<String> ends = new ArrayList<>();
                try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
                    for (String subject : SUBJECTS) {
                        streams.publish(subject, "end-" + subject);
                        ends.add("end-" + subject);
                    }
                }
                for (String last : ends) {
                    arrivals.awaitPayload(last, DRAIN_GUARD);
                }
                List<String> read = arrivals.payloads();
                read.removeAll(ends);
                System.out.printf(
                        "NATS chaos run: seed %d, %d faults:%n  %s%n  published %d (%d publish"
                                + " retries), read %d (%d distinct), proxy severed %d"
                                + " connections, longest wait from stored to read %d ms%n",
                        seed,
                        faults.size(),
                        String.join("\n  ", faults),
                        published.size(),
                        retries,
                        read.size(),
                        new HashSet<>(read).size(),
                        proxy.severedConnections(),
                        arrivals.maxWait().toMillis());
                assertThat(faults).as("faults injected (seed %d)", seed).isNotEmpty();
                assertThat(read)
                        .as("exactly once (seed %d)", seed)
                        .hasSize(published.size())
                        .doesNotHaveDuplicates();
                assertThat(new HashSet<>(read)).as("seed %d", seed).isEqualTo(published);
            } finally {
                for (SteadyPublisher publisher : publishers) {
                    publisher.close();
                }
                if (job != null) {
                    job.cancel().get(60, TimeUnit.SECONDS);
                }
            }
        }
        NatsClientThreads.awaitNone(Duration.ofSeconds(60));
    }

    /** The index of the oldest TaskManager of the shared MiniCluster that is still running. */
    private static int oldestLiveTaskManager;

    private static String inject(
            Fault fault, Random random, TcpProxy proxy, MiniCluster miniCluster) throws Exception {
        switch (fault) {
            case SERVER_KILL_AND_RESTART:
                int downMillis = 200 + random.nextInt(2_800);
                NATS.kill();
                TimeUnit.MILLISECONDS.sleep(downMillis);
                NATS.startUp();
                return "down " + downMillis + " ms";
            case CONNECTION_CUT:
                return proxy.severAll() + " connections";
            case TASK_MANAGER_FAILURE:
                // A closed TaskManager stays in the MiniCluster's list: close the oldest live one.
                int victim = oldestLiveTaskManager++;
                miniCluster.terminateTaskManager(victim).get(60, TimeUnit.SECONDS);
                miniCluster.startTaskManager();
                return "TaskManager " + victim + " closed, a new one started";
            default:
                throw new IllegalStateException(fault.toString());
        }
    }
}
