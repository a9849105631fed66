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
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUntilIgnoringExceptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source on a three-node JetStream cluster (R3 stream) while a leader changes: the stream's
 * leader steps down, the stream's leader node is killed ({@code kill -9}) and restarted, a durable
 * consumer's leader steps down, the node holding an ephemeral consumer is killed and restarted;
 * each while messages are published at a steady rate and a checkpointed job reads them. The job
 * rides it out without a failover (it has no restart strategy), so its checkpointed output must
 * hold exactly the published set, each message once; no message waits longer than the reconnect
 * budget of docs/nats.md between being stored and reaching the sink, and the sink never goes longer
 * than that without a record.
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
    private static final String DURABLE = "flink";

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
                null,
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
                null,
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

    /**
     * A durable consumer of an R3 stream is itself R3: its delivered and ack state is replicated,
     * and one replica, its leader, answers pull requests and takes acks. When the leader steps down
     * another replica takes over from the replicated state; pull requests and acks on their way to
     * the old leader are lost.
     */
    @Test
    void durableConsumerLeaderStepDownMidRead() throws Exception {
        nats.createReplicatedStream("CONSUMER", "consumer.events");
        runThrough(
                "CONSUMER",
                nats.url(),
                DURABLE,
                (stream, arrivals) -> {
                    assertThat(nats.consumerCluster(stream, DURABLE).getReplicas())
                            .as("replicas of the durable consumer besides its leader")
                            .hasSize(nats.size() - 1);
                    int before = nats.consumerLeader(stream, DURABLE);
                    int after = nats.stepDownConsumerLeader(stream, DURABLE);
                    System.out.printf(
                            "Consumer %s leader stepped down: n%d -> n%d%n",
                            DURABLE, before, after);
                });
    }

    /**
     * An ephemeral consumer has a single replica (memory storage), so its leader never changes: the
     * node holding it is its leader for good. Killing that node takes the consumer away until the
     * node is back; the reader must read on meanwhile. The reader knows only one node (a seed URL)
     * and the consumer is held by another, so the reader's connection survives the kill and no
     * reconnect tells it that anything happened.
     */
    @Test
    void killNineOfTheNodeHoldingTheEphemeralConsumer() throws Exception {
        nats.createReplicatedStream("EPHEMERAL", "ephemeral.events");
        int seed = 0;
        runThrough(
                "EPHEMERAL",
                nats.url(seed),
                null,
                (stream, arrivals) -> {
                    String consumer = newConsumer(stream, null);
                    int holder = nats.consumerLeader(stream, consumer);
                    // The server places it. On the reader's own node its kill would end in a
                    // reconnect (as killNineOfTheLeaderNodeAndItsRestart does): until it lands on
                    // another node, delete it and let the reader create it anew.
                    int replaced = 0;
                    while (holder == seed) {
                        assertThat(replaced).as("consumers placed on the seed node").isLessThan(20);
                        deleteConsumer(stream, consumer);
                        consumer = newConsumer(stream, consumer);
                        holder = nats.consumerLeader(stream, consumer);
                        replaced++;
                    }
                    assertThat(nats.consumerCluster(stream, consumer).getReplicas())
                            .as("replicas of the ephemeral consumer besides its leader")
                            .isNullOrEmpty();
                    int streamLeader = nats.streamLeader(stream);
                    nats.kill(holder);
                    System.out.printf(
                            "Killed n%d, which held ephemeral consumer %s (stream leader n%d,"
                                    + " reader's seed n%d, consumer placed anew %d times)%n",
                            holder, consumer, streamLeader, seed, replaced);
                    // Read on while the node is down, then bring it back.
                    arrivals.awaitCount(arrivals.count() + RATE, READ_GUARD);
                    nats.restart(holder);
                });
    }

    /** Waits until {@code stream} has one consumer, not {@code previous}, and returns its name. */
    private String newConsumer(String stream, @Nullable String previous) throws Exception {
        try (Connection connection = Nats.connect(nats.optionsBuilder().build())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            String[] name = {null};
            waitUntilIgnoringExceptions(
                    () -> {
                        try {
                            List<String> consumers = jsm.getConsumerNames(stream);
                            name[0] = consumers.size() == 1 ? consumers.get(0) : null;
                            return name[0] != null && !name[0].equals(previous);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    READ_GUARD,
                    Duration.ofMillis(100),
                    "a new consumer of " + stream);
            return name[0];
        }
    }

    private void deleteConsumer(String stream, String consumer) throws Exception {
        try (Connection connection = Nats.connect(nats.optionsBuilder().build())) {
            connection.jetStreamManagement().deleteConsumer(stream, consumer);
        }
    }

    private void runThrough(
            String stream, String serverUrl, @Nullable String durableName, Fault fault)
            throws Exception {
        String subject = stream.toLowerCase() + ".events";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        // Any failover would fail the job: the source must ride out the fault by itself.
        RestartStrategyUtils.configureNoRestartStrategy(env);
        NatsJetStreamSourceBuilder<String> builder =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(serverUrl)
                        .setSubjects(subject)
                        .setDeserializer(ArrivalLog.deserializer());
        if (durableName != null) {
            builder.setDurableName(durableName);
        }
        NatsJetStreamSource<String> source = builder.build().forJob(env.getConfiguration());
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
                            + " between stored and read %d ms (%s); longest gap between two"
                            + " records %d ms (before %s)%n",
                    stream,
                    published.size(),
                    publisher.retries(),
                    read.size(),
                    new HashSet<>(read).size(),
                    arrivals.maxWait().toMillis(),
                    arrivals.slowest(),
                    arrivals.maxGap().toMillis(),
                    arrivals.afterGap());
            assertThat(read).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(published));
            assertThat(arrivals.maxWait()).isLessThan(RECONNECT_BUDGET);
            assertThat(arrivals.maxGap()).isLessThan(RECONNECT_BUDGET);
        } finally {
            if (job != null) {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
        NatsClientThreads.awaitNone(Duration.ofSeconds(60));
    }
}
