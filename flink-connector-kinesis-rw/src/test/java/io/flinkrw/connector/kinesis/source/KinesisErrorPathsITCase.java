package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KeyedCounters;
import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.KinesisFaultFront;
import io.flinkrw.testutils.KinesisFaultFront.AwsFault;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The polling reader's error paths of docs/kinesis.md, driven on real reads: kinesis-local behind a
 * {@link KinesisFaultFront} that answers chosen calls with AWS errors (the SDK's own retries are
 * off, so the reader sees each one). The jobs never restart.
 */
class KinesisErrorPathsITCase {

    private static final int KEYS = 20;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void aThrottlingBurstIsRiddenOutWithEveryRecordReadOnce() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS);
                KinesisFaultFront front = KinesisFaultFront.to(KINESIS.endpoint())) {
            String stream = "throttled-" + UUID.randomUUID();
            streams.create(stream, 2);
            List<String> written = KeyedCounters.putBatch(streams, stream, new int[KEYS], 600);
            front.failNext("GetRecords", AwsFault.THROTTLING, 30);

            List<String> read = readAll(stream, streams, front, written.size());

            assertThat(read).hasSize(written.size()).containsExactlyInAnyOrderElementsOf(written);
            KeyedCounters.assertInKeyOrder(read);
            assertThat(front.faults("GetRecords")).isEqualTo(30);
        }
    }

    @Test
    void serverErrorsAndExpiredIteratorsGetANewIteratorAndLoseNothing() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS);
                KinesisFaultFront front = KinesisFaultFront.to(KINESIS.endpoint())) {
            String stream = "renewed-" + UUID.randomUUID();
            streams.create(stream, 2);
            List<String> written = KeyedCounters.putBatch(streams, stream, new int[KEYS], 600);
            front.failNext("GetRecords", AwsFault.INTERNAL_FAILURE, 3)
                    .failNext("GetRecords", AwsFault.SERVICE_UNAVAILABLE, 2)
                    .failNext("GetRecords", AwsFault.EXPIRED_ITERATOR, 3);

            List<String> read = readAll(stream, streams, front, written.size());

            assertThat(read).hasSize(written.size()).containsExactlyInAnyOrderElementsOf(written);
            KeyedCounters.assertInKeyOrder(read);
            assertThat(front.faults("GetRecords")).isEqualTo(8);
            // Each fault made the reader ask for a new iterator, besides one per shard at start.
            assertThat(front.calls("GetShardIterator")).isGreaterThanOrEqualTo(2 + 8);
        }
    }

    @Test
    void serverErrorsThatPersistFailTheJobNamingTheShard() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS);
                KinesisFaultFront front = KinesisFaultFront.to(KINESIS.endpoint())) {
            String stream = "broken-" + UUID.randomUUID();
            streams.create(stream, 1);
            KeyedCounters.putBatch(streams, stream, new int[KEYS], 20);
            front.failNext("GetRecords", AwsFault.INTERNAL_FAILURE, Integer.MAX_VALUE);

            assertThatThrownBy(() -> readAll(stream, streams, front, 20))
                    .hasStackTraceContaining(
                            "Shard shardId-000000000000 of stream '" + stream + "' failed 10 times")
                    .hasStackTraceContaining("Status Code: 500");
            assertThat(front.faults("GetRecords")).isGreaterThanOrEqualTo(10);
        }
    }

    private static List<String> readAll(
            String stream, KinesisTestStreams streams, KinesisFaultFront front, int records)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureNoRestartStrategy(env);
        return env.fromSource(
                        KinesisSource.<String>builder()
                                .setProperties(streams.sourceOptions(stream))
                                .setEndpoint(front.endpoint().toString())
                                .setProperty("kinesis.sdk.max_retry_limit", "1")
                                .setProperty("kinesis.sdk.max_backoff_ms", "300")
                                .setProperty("kinesis.reader.max_records_per_call", "50")
                                .setProperty("kinesis.reader.eof_retry_interval_ms", "50")
                                .setBoundedToLatest()
                                .setValueOnlyDeserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "kinesis")
                .setParallelism(2)
                .executeAndCollect(records + 1);
    }
}
