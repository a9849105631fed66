package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KeyedCounters;
import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a stream while it is split, merged and scaled from 2 to 4 shards: every record arrives
 * exactly once, and each partition key's records arrive in the order they were written. The sink is
 * chained to the two source readers, so the order it records is the order they emitted in.
 */
class KinesisReshardingITCase {

    private static final int RECORDS = 20_000;
    private static final int KEYS = 50;
    private static final int BATCH = 500;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void everyRecordOnceAndInKeyOrderAcrossSplitMergeAndScaling() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "reshard-" + UUID.randomUUID();
            streams.create(stream, 2);
            CollectingSink<String> sink = new CollectingSink<>();

            // The job starts behind: after the split, with the parent's records unread, so the
            // children must wait for it. The merge and the scaling happen while it reads, and its
            // small reads keep it behind the writer.
            int[] counters = new int[KEYS];
            List<String> written = new ArrayList<>();
            JobClient job = null;
            try {
                for (int batch = 0; batch < RECORDS / BATCH; batch++) {
                    written.addAll(KeyedCounters.putBatch(streams, stream, counters, BATCH));
                    int done = (batch + 1) * BATCH;
                    if (done == 5_000) {
                        streams.split(stream, streams.openShards(stream).get(0));
                    } else if (done == 7_500) {
                        job = startJob(streams, stream, sink);
                    } else if (done == 10_000) {
                        List<Shard> open = streams.openShards(stream);
                        streams.merge(stream, open.get(0), open.get(1));
                    } else if (done == 15_000) {
                        assertThat(streams.openShards(stream)).hasSize(2);
                        streams.updateShardCount(stream, 4);
                        assertThat(streams.openShards(stream)).hasSize(4);
                    }
                }
                // A marker at the end of every open shard: once all are read, so is the rest.
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
                assertThat(read).hasSize(RECORDS);
                assertThat(read).containsExactlyInAnyOrderElementsOf(written);
                KeyedCounters.assertInKeyOrder(read);
                assertThat(streams.shards(stream)).hasSizeGreaterThanOrEqualTo(9);
            } finally {
                if (job != null) {
                    job.cancel().get();
                }
            }
        }
    }

    private static JobClient startJob(
            KinesisTestStreams streams, String stream, CollectingSink<String> sink)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        env.fromSource(
                        KinesisSource.<String>builder()
                                .setProperties(streams.sourceOptions(stream))
                                .setProperty("kinesis.reader.max_records_per_call", "250")
                                .setValueOnlyDeserializer(new SimpleStringSchema())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "kinesis")
                .setParallelism(2)
                .sinkTo(sink)
                .setParallelism(2);
        return env.executeAsync("resharding");
    }
}
