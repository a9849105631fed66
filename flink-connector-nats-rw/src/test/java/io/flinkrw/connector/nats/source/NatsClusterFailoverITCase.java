package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.ArrivalLog;
import io.flinkrw.connector.nats.testutils.NatsClientThreads;
import io.flinkrw.connector.nats.testutils.SteadyPublisher;
import io.flinkrw.testutils.NatsCluster;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source on a three-node JetStream cluster (R3 stream) while its leader changes: a step-down
 * and a {@code kill -9} of the leader node with its restart, each while messages are published at a
 * steady rate and the job reads them. The job rides it out without a failover, reads exactly the
 * published set, and no message waits longer than the reconnect budget of docs/nats.md between
 * being stored and reaching the sink.
 */
class NatsClusterFailoverITCase {

    /**
     * docs/nats.md, "Reconnect budget": nats.connection.timeout + nats.fetch.max_wait +
     * nats.reconnect.max_backoff + 10 s for the cluster's elections; 25 s with the defaults, which
     * these jobs use.
     */
    static final Duration RECONNECT_BUDGET = Duration.ofSeconds(25);

    private static final int RATE = 200;
    private static final int MESSAGES = 3_000;
    private static final int FAULT_AFTER = 600;
    private static final Duration READ_GUARD = Duration.ofMinutes(3);
    private static final String END = "end";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension final NatsCluster nats = NatsCluster.threeNodes();

    /** What the fault does once the job has read {@link #FAULT_AFTER} messages. */
    private interface Fault {
        void inject(String stream, ArrivalLog arrivals) throws Exception;
    }

    @Test
    void streamLeaderStepDownMidRead() throws Exception {
        nats.createReplicatedStream("STEPDOWN", "stepdown.events");
        runThrough(
                "STEPDOWN",
                nats.url(),
                (stream, arrivals) -> {
                    int before = nats.streamLeader(stream);
                    int after = nats.stepDownStreamLeader(stream);
                    System.out.printf("Stream leader stepped down: %s -> %s%n", before, after);
                });
    }

    /**
     * The reader knows only the leader node (a seed URL): the kill takes its connection, and it
     * must reconnect to a node the cluster told it about.
     */
    @Test
    void killNineOfTheLeaderNodeAndItsRestart() throws Exception {
        nats.createReplicatedStream("KILLED", "killed.events");
        int leader = nats.streamLeader("KILLED");
        runThrough(
                "KILLED",
                nats.url(leader),
                (stream, arrivals) -> {
                    nats.kill(leader);
                    long killedAt = System.nanoTime();
                    int next = nats.streamLeader(stream);
                    System.out.printf(
                            "Killed leader n%d; n%d leads after %d ms%n",
                            leader,
                            next,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                    // Read on while the node is down, then bring it back.
                    arrivals.awaitCount(arrivals.count() + RATE, READ_GUARD);
                    nats.restart(leader);
                });
    }

    private void runThrough(String stream, String serverUrl, Fault fault) throws Exception {
        String subject = stream.toLowerCase() + ".events";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        // Any failover would fail the job: the source must ride out the fault by itself.
        RestartStrategyUtils.configureNoRestartStrategy(env);
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(serverUrl)
                        .setSubjects(subject)
                        .setDeserializer(ArrivalLog.deserializer())
                        .build();
        JobClient job = null;
        try (SteadyPublisher publisher =
                        new SteadyPublisher(nats.optionsBuilder(), subject, "m", RATE, MESSAGES);
                ArrivalLog arrivals =
                        new ArrivalLog(
                                env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                                        .collectAsync())) {
            job = env.executeAsync("cluster " + stream);
            arrivals.start();
            publisher.start();
            arrivals.awaitCount(FAULT_AFTER, READ_GUARD);
            fault.inject(stream, arrivals);
            publisher.awaitDone(READ_GUARD);
            List<String> published = publisher.published();
            // A last message: whatever a reposition read twice arrives before it.
            try (Connection connection = Nats.connect(nats.optionsBuilder().build())) {
                connection.jetStream().publish(subject, END.getBytes(StandardCharsets.UTF_8));
            }
            arrivals.awaitPayload(END, READ_GUARD);

            List<String> read = arrivals.payloads();
            assertThat(read.remove(read.size() - 1)).isEqualTo(END);
            System.out.printf(
                    "%s: published %d (%d publish retries), read %d (%d distinct); longest wait"
                            + " between stored and read %d ms (%s)%n",
                    stream,
                    published.size(),
                    publisher.retries(),
                    read.size(),
                    new HashSet<>(read).size(),
                    arrivals.maxWait().toMillis(),
                    arrivals.slowest());
            assertThat(read).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(published));
            assertThat(arrivals.maxWait()).isLessThan(RECONNECT_BUDGET);
        } finally {
            if (job != null) {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
        NatsClientThreads.awaitNone(Duration.ofSeconds(60));
    }
}
