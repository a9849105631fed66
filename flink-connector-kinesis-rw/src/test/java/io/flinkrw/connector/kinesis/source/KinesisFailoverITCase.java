package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.CheckpointingMode;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TaskManager dies while the job reads a stream that is still being written, with exactly-once
 * checkpoints: after the restart every record is delivered exactly once. Against kinesalite, for
 * volume.
 */
class KinesisFailoverITCase {

    private static final int RECORDS = 40_000;
    private static final int BATCH = 500;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @Test
    void everyRecordOnceAfterATaskManagerFailure(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "failover-" + UUID.randomUUID();
            streams.create(stream, 4);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
            RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 3, 200L);
            CloseableIterator<String> results =
                    env.fromSource(
                                    KinesisSource.<String>builder()
                                            .setProperties(streams.sourceOptions(stream))
                                            .setProperty(
                                                    "kinesis.reader.max_records_per_call", "500")
                                            .setValueOnlyDeserializer(new SimpleStringSchema())
                                            .build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "kinesis")
                            .setParallelism(2)
                            .collectAsync();
            JobClient job = env.executeAsync("failover");
            CompletableFuture<List<String>> written =
                    CompletableFuture.supplyAsync(() -> write(streams, stream));
            try {
                Set<String> read = new HashSet<>();
                List<String> duplicates = new ArrayList<>();
                boolean failed = false;
                while (read.size() < RECORDS) {
                    String value = results.next();
                    if (!read.add(value)) {
                        duplicates.add(value);
                    }
                    if (!failed && read.size() == RECORDS / 4) {
                        // Mid-stream, after checkpoints (the collect sink only hands out
                        // checkpointed results): kill the only TaskManager, start another.
                        cluster.terminateTaskManager(0).get();
                        cluster.startTaskManager();
                        failed = true;
                    }
                }
                assertThat(failed).isTrue();
                assertThat(duplicates).isEmpty();
                assertThat(read).containsExactlyInAnyOrderElementsOf(written.get());
            } finally {
                job.cancel().get();
                results.close();
            }
        }
    }

    private static List<String> write(KinesisTestStreams streams, String stream) {
        List<String> values = new ArrayList<>(RECORDS);
        for (int from = 0; from < RECORDS; from += BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>(BATCH);
            for (int i = from; i < from + BATCH; i++) {
                String value = "record-" + i;
                values.add(value);
                batch.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey("key-" + (i % 97))
                                .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                                .build());
            }
            streams.putAll(stream, batch);
        }
        return values;
    }
}
