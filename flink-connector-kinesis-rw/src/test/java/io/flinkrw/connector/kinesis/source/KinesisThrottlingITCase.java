package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.source.proxy.FaultInjectingStreamProxyFactory;
import io.flinkrw.connector.kinesis.testutils.KeyedCounters;
import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling, limits, expired iterators and server errors injected into the real client's calls:
 * the job (which never restarts) still reads every record exactly once and in order.
 */
class KinesisThrottlingITCase {

    private static final int RECORDS = 4_000;
    private static final int KEYS = 20;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void everyRecordOnceDespiteThrottlingAndExpiredIterators() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "throttled-" + UUID.randomUUID();
            streams.create(stream, 2);
            List<String> written = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String value = KeyedCounters.value("key-" + (i % KEYS), i / KEYS);
                written.add(value);
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey("key-" + (i % KEYS))
                                .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                                .build());
            }
            streams.putAll(stream, entries);

            FaultInjectingStreamProxyFactory faults = new FaultInjectingStreamProxyFactory();
            KinesisSource<String> source =
                    KinesisSource.<String>builder()
                            .setProperties(streams.sourceOptions(stream))
                            .setProperty("kinesis.reader.max_records_per_call", "100")
                            .setProperty("kinesis.reader.eof_retry_interval_ms", "50")
                            .setProperty("kinesis.sdk.max_backoff_ms", "400")
                            .setBoundedToLatest()
                            .setValueOnlyDeserializer(new SimpleStringSchema())
                            .setStreamProxyFactory(faults)
                            .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            RestartStrategyUtils.configureNoRestartStrategy(env);
            List<String> read =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                            .setParallelism(1)
                            .executeAndCollect(RECORDS + 1);

            assertThat(read).hasSize(RECORDS).containsExactlyInAnyOrderElementsOf(written);
            KeyedCounters.assertInKeyOrder(read);
            FaultInjectingStreamProxyFactory.Faults injected = faults.faults();
            assertThat(injected.throttled).hasPositiveValue();
            assertThat(injected.limitExceeded).hasPositiveValue();
            assertThat(injected.expired).hasPositiveValue();
            assertThat(injected.serverErrors).hasPositiveValue();
            assertThat(injected.iteratorThrottled).hasPositiveValue();
        }
    }
}
