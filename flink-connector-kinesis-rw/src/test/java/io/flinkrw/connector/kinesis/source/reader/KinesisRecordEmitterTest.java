package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.RecordDecodingException;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.source.KinesisDeserializationSchema;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitState;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.SimpleCounter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisRecordEmitterTest {

    private static final String SHARD = "shardId-000000000003";

    private final SimpleCounter bytesIn = new SimpleCounter();
    private final KinesisRecordEmitter<String> emitter =
            new KinesisRecordEmitter<>(
                    KinesisDeserializationSchema.valueOnly(
                            new SimpleStringSchema() {
                                @Override
                                public String deserialize(byte[] message) {
                                    String text = super.deserialize(message);
                                    if (text.startsWith("bad")) {
                                        throw new IllegalArgumentException(
                                                "test-format: bad byte at offset 0");
                                    }
                                    return text;
                                }
                            }),
                    bytesIn);
    private final KinesisShardSplitState state =
            new KinesisShardSplitState(
                    new KinesisShardSplit(
                            SHARD,
                            List.of(),
                            "0",
                            "1",
                            StartingPosition.earliest(),
                            KinesisShardSplit.NO_STOP,
                            false));
    private final CapturingOutput output = new CapturingOutput();

    private static KinesisRecord record(String payload, String sequenceNumber, long arrival) {
        return new KinesisRecord(
                SHARD, "key", sequenceNumber, arrival, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emitsWithTheArrivalTimeAndAdvancesTheState() throws Exception {
        emitter.emitRecord(record("hello", "101", 1_000), output, state);
        emitter.emitRecord(record("world", "102", 2_000), output, state);
        assertThat(output.values).containsExactly("hello@1000", "world@2000");
        assertThat(state.lastEmittedSequenceNumber()).isEqualTo("102");
        assertThat(state.toSplit().startingPosition())
                .isEqualTo(StartingPosition.afterEmitted("102"));
        assertThat(bytesIn.getCount()).isEqualTo(10);
    }

    @Test
    void afterTheLimitRecordsAreDroppedAndTheStateStays() throws Exception {
        RecordLimit limit = new RecordLimit(1);
        KinesisRecordEmitter<String> limited =
                new KinesisRecordEmitter<>(
                        KinesisDeserializationSchema.valueOnly(new SimpleStringSchema()),
                        bytesIn,
                        limit);
        limited.emitRecord(record("first", "101", 1_000), output, state);
        limited.emitRecord(record("second", "102", 2_000), output, state);
        assertThat(output.values).containsExactly("first@1000");
        assertThat(limit.isReached()).isTrue();
        assertThat(state.lastEmittedSequenceNumber()).isEqualTo("101");
    }

    @Test
    void aRecordThatCannotBeDecodedNamesShardAndSequenceNumber() throws Exception {
        emitter.emitRecord(record("fine", "101", 1_000), output, state);
        assertThatThrownBy(() -> emitter.emitRecord(record("bad", "102", 2_000), output, state))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("position 102 of split '" + SHARD + "'")
                .hasMessageContaining("test-format: bad byte at offset 0");
        assertThat(state.lastEmittedSequenceNumber()).isEqualTo("101");
    }

    private static KinesisRecord userRecord(String payload, String sequenceNumber, long sub) {
        return new KinesisRecord(
                SHARD, "key", sequenceNumber, sub, 1_000, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void userRecordsOfAnAggregateAdvanceTheStateBySubSequenceNumber() throws Exception {
        emitter.emitRecord(userRecord("a", "101", 0), output, state);
        emitter.emitRecord(userRecord("b", "101", 1), output, state);
        assertThat(state.toSplit().startingPosition())
                .isEqualTo(StartingPosition.afterEmittedUserRecord("101", 1));
        emitter.emitRecord(record("c", "102", 2_000), output, state);
        assertThat(state.toSplit().startingPosition())
                .isEqualTo(StartingPosition.afterEmitted("102"));
    }

    @Test
    void afterARestoreInsideAnAggregateItsEmittedUserRecordsAreSkipped() throws Exception {
        KinesisShardSplitState restored =
                new KinesisShardSplitState(
                        state.split()
                                .withStartingPosition(
                                        StartingPosition.afterEmittedUserRecord("101", 1)));
        for (int sub = 0; sub < 4; sub++) {
            emitter.emitRecord(userRecord("u" + sub, "101", sub), output, restored);
        }
        emitter.emitRecord(userRecord("v0", "102", 0), output, restored);
        assertThat(output.values).containsExactly("u2@1000", "u3@1000", "v0@1000");
        assertThat(restored.toSplit().startingPosition())
                .isEqualTo(StartingPosition.afterEmittedUserRecord("102", 0));
        assertThat(bytesIn.getCount()).isEqualTo(6);
    }

    @Test
    void aUserRecordThatCannotBeDecodedNamesItsSubSequenceNumber() {
        assertThatThrownBy(() -> emitter.emitRecord(userRecord("bad", "101", 3), output, state))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("position 101/3 of split '" + SHARD + "'");
    }

    private static final class CapturingOutput implements SourceOutput<String> {
        final List<String> values = new ArrayList<>();

        @Override
        public void collect(String record) {
            values.add(record);
        }

        @Override
        public void collect(String record, long timestamp) {
            values.add(record + "@" + timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
