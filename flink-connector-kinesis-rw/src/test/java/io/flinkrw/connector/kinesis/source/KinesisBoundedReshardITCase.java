package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded read of a shard that a reshard closes while records written after the job started are
 * still unread in it. kinesis-local, like AWS, returns a closed shard's last records together with
 * no next iterator; the stop rule must trim that last batch too.
 */
class KinesisBoundedReshardITCase {

    private static final int BEFORE = 150;
    private static final int BATCH = 50;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static List<PutRecordsRequestEntry> records(String prefix, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("key")
                            .data(SdkBytes.fromString(prefix + i, StandardCharsets.UTF_8))
                            .build());
        }
        return entries;
    }

    @Test
    void recordsWrittenAfterTheStartAreNotReadFromTheLastBatchOfAClosedShard() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "bounded-reshard-" + UUID.randomUUID();
            streams.create(stream, 1);
            List<String> before = new ArrayList<>();
            records("pre-", BEFORE).forEach(e -> before.add(e.data().asUtf8String()));
            streams.putAll(stream, records("pre-", BEFORE));

            // Small, slow reads keep the job well behind the end of the shard.
            KinesisSource<String> source =
                    KinesisSource.<String>builder()
                            .setProperties(streams.sourceOptions(stream))
                            .setProperty("kinesis.reader.max_records_per_call", "" + BATCH)
                            .setProperty("kinesis.reader.nonempty_read_interval_ms", "3000")
                            .setBoundedToLatest()
                            .setValueOnlyDeserializer(new SimpleStringSchema())
                            .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            RestartStrategyUtils.configureNoRestartStrategy(env);
            CollectingSink<String> sink = new CollectingSink<>();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis").sinkTo(sink);
            JobClient job = env.executeAsync();
            try {
                waitUtil(
                        () -> sink.size() >= BATCH,
                        Duration.ofSeconds(60),
                        "The first batch was not read");
                assertThat(sink.size()).as("read before the reshard").isLessThan(BEFORE);
                Shard shard = streams.openShards(stream).get(0);
                streams.putAll(stream, records("post-", 5));
                streams.split(stream, shard);

                job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
                assertThat(sink.values()).containsExactlyElementsOf(before);
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) {
                    job.cancel().get();
                }
            }
        }
    }
}
