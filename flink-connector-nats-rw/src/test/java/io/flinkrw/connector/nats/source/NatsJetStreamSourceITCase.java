package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.NatsClientThreads;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitForJobStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DataStream jobs against a real nats-server: connections and consumers end with the job, and
 * durable consumers are acked after checkpoints while Flink's state decides where a restored job
 * resumes.
 */
class NatsJetStreamSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private static NatsTestStreams streams;

    @TempDir static Path savepoints;

    @BeforeAll
    static void connect() throws Exception {
        streams = NatsTestStreams.connect(NATS);
    }

    @AfterAll
    static void disconnect() throws Exception {
        streams.close();
    }

    private static StreamExecutionEnvironment env(String savepoint) {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            // The collect sink of the first job has no stable uid; only the source's state counts.
            config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
        return StreamExecutionEnvironment.getExecutionEnvironment(config);
    }

    private static List<String> payloads(String prefix, int from, int to) {
        List<String> payloads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            payloads.add(prefix + i);
        }
        return payloads;
    }

    private static List<String> take(CloseableIterator<String> results, int count)
            throws Exception {
        List<String> taken = new ArrayList<>();
        CompletableFuture.runAsync(
                        () -> {
                            while (taken.size() < count && results.hasNext()) {
                                taken.add(results.next());
                            }
                        })
                .get(120, TimeUnit.SECONDS);
        return taken;
    }

    @Test
    void connectionsAndConsumersEndWithTheJob() throws Exception {
        NatsClientThreads.awaitNone(Duration.ofSeconds(30));
        streams.createStream("ENDS", "ends.>");
        streams.publishAll("ends.a", payloads("a", 0, 100));
        streams.publishAll("ends.b", payloads("b", 0, 100));

        StreamExecutionEnvironment env = env(null);
        env.setParallelism(2);
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(NATS.url())
                        .setSubjects("ends.a", "ends.b")
                        .setBounded()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> results =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                        .executeAndCollect("bounded")) {
            results.forEachRemaining(read::add);
        }
        Set<String> expected = new HashSet<>(payloads("a", 0, 100));
        expected.addAll(payloads("b", 0, 100));
        assertThat(read).hasSize(200);
        assertThat(new HashSet<>(read)).isEqualTo(expected);

        NatsClientThreads.awaitNone(Duration.ofSeconds(30));
        waitUtil(
                () -> streams.consumerNames("ENDS").isEmpty(),
                Duration.ofSeconds(30),
                "the ephemeral consumers to be deleted");
    }

    @Test
    void durableConsumerIsAckedAfterCheckpointsAndFlinkStateDecidesOnRestore() throws Exception {
        streams.createStream("DURABLE", "durable.>");
        streams.publishAll("durable.x", payloads("m", 0, 100));

        StreamExecutionEnvironment env = env(null);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        CloseableIterator<String> results =
                env.fromSource(durableSource(), WatermarkStrategy.noWatermarks(), "nats")
                        .uid("nats")
                        .collectAsync();
        JobClient job = env.executeAsync("durable");
        String savepoint;
        try {
            assertThat(take(results, 100)).isEqualTo(payloads("m", 0, 100));
            awaitAckFloor(100);
            savepoint =
                    job.triggerSavepoint(
                                    savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);

            streams.publishAll("durable.x", payloads("m", 100, 150));
            assertThat(take(results, 50)).isEqualTo(payloads("m", 100, 150));
            awaitAckFloor(150);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            waitForJobStatus(job, List.of(JobStatus.CANCELED));
            results.close();
        }
        assertThat(streams.consumerNames("DURABLE")).containsExactly("flinkd");

        // The durable consumer is at 150, the savepoint at 100: the savepoint decides.
        StreamExecutionEnvironment restored = env(savepoint);
        restored.setParallelism(1);
        restored.enableCheckpointing(100);
        CloseableIterator<String> again =
                restored.fromSource(durableSource(), WatermarkStrategy.noWatermarks(), "nats")
                        .uid("nats")
                        .collectAsync();
        JobClient restoredJob = restored.executeAsync("durable restored");
        try {
            assertThat(take(again, 50)).isEqualTo(payloads("m", 100, 150));
            awaitAckFloor(150);
        } finally {
            restoredJob.cancel().get(60, TimeUnit.SECONDS);
            again.close();
        }
        assertThat(streams.consumerNames("DURABLE")).containsExactly("flinkd");
    }

    private static NatsJetStreamSource<String> durableSource() {
        return NatsJetStreamSource.<String>builder()
                .setServerUrl(NATS.url())
                .setSubjects("durable.x")
                .setDurableName("flinkd")
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
    }

    private static void awaitAckFloor(long sequence) throws Exception {
        waitUtil(
                () -> {
                    ConsumerInfo info = streams.consumerInfo("DURABLE", "flinkd");
                    return info.getAckFloor().getStreamSequence() == sequence
                            && info.getNumAckPending() == 0;
                },
                Duration.ofSeconds(60),
                "the durable consumer's acks to reach stream sequence " + sequence);
    }
}
