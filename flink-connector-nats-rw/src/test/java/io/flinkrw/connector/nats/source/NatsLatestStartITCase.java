package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.config.StartupMode;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironmentSettings;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code latest} is pinned when the source is built: a job that recovers without any checkpoint
 * (here after a JobManager failover, where Flink creates a fresh split enumerator) still reads
 * every message stored since, including those stored while no JobManager led the job.
 */
class NatsLatestStartITCase {

    private static final MiniClusterTestEnvironment FLINK = new MiniClusterTestEnvironment();

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** What the job read, across its attempts (the MiniCluster runs in this JVM). */
    private static final Set<String> READ = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        FLINK.startUp();
    }

    @AfterAll
    static void stop() throws Exception {
        FLINK.tearDown();
    }

    @Test
    void latestStaysPinnedAcrossAJobManagerFailoverWithoutCheckpoints() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("PINNED", "pinned.>");
            streams.publishAll("pinned.x", List.of("before-0", "before-1"));

            StreamExecutionEnvironment env =
                    FLINK.createExecutionEnvironment(TestEnvironmentSettings.builder().build());
            env.setParallelism(1);
            NatsJetStreamSource<String> source =
                    NatsJetStreamSource.<String>builder()
                            .setServerUrl(NATS.url())
                            .setSubjects("pinned.x")
                            .setStartupMode(StartupMode.LATEST)
                            .setValueOnlyDeserializer(new SimpleStringSchema())
                            .build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "nats")
                    .map(
                            value -> {
                                READ.add(value);
                                return value;
                            })
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("latest");
            try {
                streams.publish("pinned.x", "running-0");
                waitUtil(
                        () -> READ.contains("running-0"),
                        Duration.ofSeconds(60),
                        "the job to read a message stored after it started");

                FLINK.triggerJobManagerFailover(
                        job,
                        () -> {
                            try {
                                streams.publishAll("pinned.x", List.of("down-0", "down-1"));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                streams.publish("pinned.x", "after-0");
                Set<String> expected = Set.of("running-0", "down-0", "down-1", "after-0");
                waitUtil(
                        () -> READ.containsAll(expected),
                        Duration.ofSeconds(120),
                        "the recovered job to read what arrived during and after the failover");
                assertThat(READ).isEqualTo(expected);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }
}
