package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.config.KinesisClientSettings;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxy;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxyFactory;
import io.flinkrw.connector.kinesis.source.proxy.KinesisFanOutProxy;
import io.flinkrw.connector.kinesis.testutils.KeyedCounters;
import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.TcpProxy;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.utils.AttributeMap;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Enhanced fan-out against kinesis-local through a TCP proxy that severs every live connection (the
 * subscriptions' HTTP/2 connections among them) again and again while records are written, and
 * across a shard split: every record arrives exactly once and each partition key's records in the
 * order they were written. The sink is chained to the readers, so the order it records is the order
 * they emitted in. When the job is cancelled, the consumer the source registered is deregistered.
 */
class KinesisFanOutITCase {

    private static final int BATCHES = 8;
    private static final int BATCH = 500;
    private static final int KEYS = 40;
    private static final String CONSUMER = "flink-fan-out-it";

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void everyRecordOnceAndInKeyOrderThroughSeveredSubscriptionsAndAShardSplit() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS);
                TcpProxy network = TcpProxy.to(KINESIS.endpoint())) {
            String stream = "fan-out-" + UUID.randomUUID();
            streams.create(stream, 2);
            String streamArn = KINESIS.streamArn(stream);
            CollectingSink<String> sink = new CollectingSink<>();
            JobClient job = startJob(streams, stream, network, sink);
            try {
                int[] counters = new int[KEYS];
                List<String> written = new ArrayList<>();
                int severed = 0;
                for (int batch = 0; batch < BATCHES; batch++) {
                    written.addAll(KeyedCounters.putBatch(streams, stream, counters, BATCH));
                    if (batch == 0) {
                        // The subscriptions are open once the first records arrive.
                        waitUtil(
                                () -> sink.size() > 0,
                                Duration.ofMinutes(2),
                                "The job read nothing");
                    }
                    // Cut whatever is in flight: the records just written are being delivered.
                    severed += network.severAll();
                    if (batch == BATCHES / 2) {
                        streams.split(stream, streams.openShards(stream).get(0));
                    }
                }
                Set<String> markers = new HashSet<>();
                for (Shard shard : streams.openShards(stream)) {
                    String marker = "marker-" + shard.shardId();
                    streams.putToHashKey(
                            stream, shard.hashKeyRange().startingHashKey(), List.of(marker));
                    markers.add(marker);
                }
                waitUtil(
                        () -> new HashSet<>(sink.values()).containsAll(markers),
                        Duration.ofMinutes(3),
                        "Not every shard was read to its end");

                List<String> read =
                        sink.values().stream()
                                .filter(v -> !v.startsWith("marker-"))
                                .collect(Collectors.toList());
                assertThat(read).hasSize(written.size());
                assertThat(read).containsExactlyInAnyOrderElementsOf(written);
                KeyedCounters.assertInKeyOrder(read);
                assertThat(severed).isPositive();
                assertThat(streams.shards(stream)).hasSize(4);
                assertThat(
                                streams.client()
                                        .describeStreamConsumer(
                                                b -> b.streamARN(streamArn).consumerName(CONSUMER))
                                        .consumerDescription()
                                        .consumerStatus())
                        .isEqualTo(ConsumerStatus.ACTIVE);
            } finally {
                job.cancel().get();
            }

            // A clean stop: the consumer this source registered goes, after a grace period.
            waitUtil(
                    () -> !consumerExists(streams, streamArn),
                    Duration.ofMinutes(1),
                    "The consumer the source registered was not deregistered");
        }
    }

    /**
     * Over TLS, as on AWS: the subscriptions negotiate HTTP/2 with ALPN on kinesis-local's HTTPS
     * port (its certificate is self-signed, so this test's client trusts it; the other calls use
     * the plain port).
     */
    @Test
    void subscribesOverTlsWithAlpn() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "fan-out-tls-" + UUID.randomUUID();
            streams.create(stream, 1);
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                written.add("tls-" + i);
            }
            streams.putToHashKey(stream, "0", written);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            List<String> read =
                    env.fromSource(
                                    KinesisSource.<String>builder()
                                            .setProperties(streams.sourceOptions(stream))
                                            .setEnhancedFanOut("tls-reader")
                                            .setBoundedToLatest()
                                            .setFanOutStreamProxyFactory(
                                                    new TrustingTlsFanOut(KINESIS.tlsEndpoint()))
                                            .setValueOnlyDeserializer(new SimpleStringSchema())
                                            .build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "kinesis")
                            .setParallelism(1)
                            .executeAndCollect(written.size() + 1);
            assertThat(read).containsExactlyElementsOf(written);
        }
    }

    /**
     * A stream that has all the consumers it may have (20, which kinesis-local enforces as AWS
     * does): the job fails at once, saying so, instead of waiting minutes for a slot.
     */
    @Test
    void aStreamWithAllItsConsumersTakenFailsTheJobAtOnceSayingSo() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "fan-out-full-" + UUID.randomUUID();
            streams.create(stream, 1);
            String streamArn = KINESIS.streamArn(stream);
            for (int i = 0; i < 20; i++) {
                String name = "other-" + i;
                streams.client()
                        .registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name));
                waitUtil(
                        () ->
                                streams.client()
                                                .describeStreamConsumer(
                                                        b ->
                                                                b.streamARN(streamArn)
                                                                        .consumerName(name))
                                                .consumerDescription()
                                                .consumerStatus()
                                        == ConsumerStatus.ACTIVE,
                        Duration.ofSeconds(30),
                        "Consumer " + name + " did not become active");
            }
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
            env.fromSource(
                            KinesisSource.<String>builder()
                                    .setProperties(streams.sourceOptions(stream))
                                    .setEnhancedFanOut("one-too-many")
                                    .setValueOnlyDeserializer(new SimpleStringSchema())
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "kinesis")
                    .setParallelism(1)
                    .sinkTo(new CollectingSink<>());
            long started = System.nanoTime();
            JobClient job = env.executeAsync("fan-out-full");
            assertThatThrownBy(() -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES))
                    .hasStackTraceContaining("has reached its stream consumer limit")
                    .hasStackTraceContaining("Only 20 consumers can be registered")
                    .hasStackTraceContaining("one-too-many");
            System.out.printf(
                    "The job failed %d ms after it was submitted%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** The real fan-out client, on another endpoint, trusting any certificate. */
    private static final class TrustingTlsFanOut implements FanOutStreamProxyFactory {
        private static final long serialVersionUID = 1L;
        private final URI endpoint;

        TrustingTlsFanOut(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public FanOutStreamProxy create(KinesisClientSettings settings) {
            return KinesisFanOutProxy.create(
                    settings.withEndpoint(endpoint),
                    AttributeMap.builder()
                            .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                            .build());
        }
    }

    private static boolean consumerExists(KinesisTestStreams streams, String streamArn) {
        try {
            streams.client()
                    .describeStreamConsumer(b -> b.streamARN(streamArn).consumerName(CONSUMER));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static JobClient startJob(
            KinesisTestStreams streams,
            String stream,
            TcpProxy network,
            CollectingSink<String> sink)
            throws Exception {
        Map<String, String> options = streams.sourceOptions(stream);
        options.put("endpoint", network.proxied(KINESIS.endpoint()).toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        env.fromSource(
                        KinesisSource.<String>builder()
                                .setProperties(options)
                                .setEnhancedFanOut(CONSUMER)
                                .setProperty("kinesis.sdk.max_backoff_ms", "2000")
                                .setValueOnlyDeserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "kinesis")
                .setParallelism(2)
                .sinkTo(sink)
                .setParallelism(2);
        return env.executeAsync("fan-out");
    }
}
