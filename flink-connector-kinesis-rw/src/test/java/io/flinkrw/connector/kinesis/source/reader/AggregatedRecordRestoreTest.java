package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.config.PollingSettings;
import io.flinkrw.connector.kinesis.source.KinesisDeserializationSchema;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitSerializer;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;
import io.flinkrw.connector.kinesis.testutils.KplAggregates;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.util.Collector;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.flinkrw.connector.kinesis.testutils.KplAggregates.userRecord;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test of KPL de-aggregation through the whole reader: a shard holds an aggregated record, a
 * plain one and another aggregated one; a reader emits some user records, is checkpointed (through
 * the split serializer) and replaced by a new reader restored from the checkpoint, at every
 * possible point, also in the middle of an aggregated record. Together they emit every user record
 * exactly once, in order.
 */
class AggregatedRecordRestoreTest {

    private static final String SHARD = "shardId-000000000000";

    /** What the shard holds, as "partitionKey=payload", in order. */
    private static final List<String> EXPECTED =
            List.of(
                    "a1=first-0",
                    "a2=first-1",
                    "a1=first-2",
                    "a3=first-3",
                    "a2=first-4",
                    "plain=plain",
                    "b1=second-0",
                    "b2=second-1",
                    "b1=second-2",
                    "b3=second-3");

    private final FakeStreamProxy proxy = new FakeStreamProxy().addShard(SHARD, "0", MAX_HASH);

    private static final String MAX_HASH = "340282366920938463463374607431768211455";

    AggregatedRecordRestoreTest() {
        proxy.putRaw(
                SHARD,
                "a1",
                KplAggregates.aggregate(
                        List.of(
                                userRecord("a1", "first-0"),
                                userRecord("a2", "first-1"),
                                userRecord("a1", "first-2"),
                                userRecord("a3", "first-3"),
                                userRecord("a2", "first-4"))),
                1_000);
        proxy.putRaw(SHARD, "plain", "plain".getBytes(StandardCharsets.UTF_8), 2_000);
        proxy.putRaw(
                SHARD,
                "b1",
                KplAggregates.aggregate(
                        List.of(
                                userRecord("b1", "second-0"),
                                userRecord("b2", "second-1"),
                                userRecord("b1", "second-2"),
                                userRecord("b3", "second-3"))),
                3_000);
    }

    @ParameterizedTest(name = "checkpoint after {0} records")
    @ValueSource(ints = {0, 1, 2, 4, 5, 6, 7, 9, 10})
    void aRestoreAnywhereNeitherRepeatsNorSkipsAUserRecord(int beforeCheckpoint) throws Exception {
        KinesisShardSplit start =
                new KinesisShardSplit(
                        SHARD,
                        List.of(),
                        "0",
                        MAX_HASH,
                        StartingPosition.earliest(),
                        KinesisShardSplit.NO_STOP,
                        false);
        List<String> emitted = new ArrayList<>();
        KinesisShardSplit checkpointed = read(start, beforeCheckpoint, emitted);
        if (beforeCheckpoint > 0 && beforeCheckpoint < 5) {
            assertThat(checkpointed.startingPosition())
                    .isEqualTo(StartingPosition.afterEmittedUserRecord("1", beforeCheckpoint - 1));
        }
        byte[] bytes = KinesisShardSplitSerializer.INSTANCE.serialize(checkpointed);
        KinesisShardSplit restored =
                KinesisShardSplitSerializer.INSTANCE.deserialize(
                        KinesisShardSplitSerializer.CURRENT_VERSION, bytes);

        read(restored, EXPECTED.size() - beforeCheckpoint, emitted);
        assertThat(emitted).containsExactlyElementsOf(EXPECTED);
    }

    /** Reads {@code count} records with a new reader, then returns its checkpoint of the split. */
    private KinesisShardSplit read(KinesisShardSplit split, int count, List<String> emitted)
            throws Exception {
        TestingReaderContext context =
                new TestingReaderContext(
                        new Configuration(),
                        InternalSourceReaderMetricGroup.mock(
                                new MetricListener().getMetricGroup()));
        KinesisSourceReaderMetrics metrics =
                new KinesisSourceReaderMetrics(context.metricGroup(), "orders");
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        try (KinesisSourceReader<String> reader =
                new KinesisSourceReader<>(
                        () ->
                                new KinesisShardSplitReader(
                                        new PollingShardFetcher(
                                                proxy,
                                                "orders",
                                                new PollingSettings(
                                                        100,
                                                        Duration.ofMillis(10),
                                                        Duration.ZERO,
                                                        Duration.ofMillis(10),
                                                        Duration.ofSeconds(1))),
                                        metrics,
                                        true),
                        new KinesisRecordEmitter<>(new KeyAndPayload(), new SimpleCounter()),
                        new Configuration(),
                        context,
                        metrics,
                        null)) {
            reader.start();
            reader.addSplits(List.of(split));
            while (output.getEmittedRecords().size() < count) {
                if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get();
                }
            }
            emitted.addAll(output.getEmittedRecords());
            List<KinesisShardSplit> state = reader.snapshotState(1);
            assertThat(state).hasSize(1);
            return state.get(0);
        }
    }

    /** "partitionKey=payload". */
    private static final class KeyAndPayload implements KinesisDeserializationSchema<String> {
        @Override
        public void deserialize(KinesisRecord record, Collector<String> out) {
            out.collect(
                    record.partitionKey()
                            + "="
                            + new String(record.data(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
