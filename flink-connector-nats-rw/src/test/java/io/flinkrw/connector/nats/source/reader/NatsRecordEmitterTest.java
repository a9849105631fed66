package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.RecordDecodingException;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.util.Collector;

import io.nats.client.api.AckPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emitter: decoding, timestamps, position, duplicates, acks and the lag metric. */
class NatsRecordEmitterTest {

    private static final RecordLimit UNLIMITED = new RecordLimit(RecordLimit.UNLIMITED);

    private final MetricListener metricListener = new MetricListener();
    private final InternalSourceReaderMetricGroup readerGroup =
            InternalSourceReaderMetricGroup.mock(metricListener.getMetricGroup());
    private final NatsSourceReaderMetrics metrics = new NatsSourceReaderMetrics(readerGroup);
    private final PendingAcks acks = new PendingAcks(AckPolicy.Explicit);
    private final CommittedPositions committed = new CommittedPositions();
    private final List<String> sentNow = new ArrayList<>();
    private final NatsSubjectSplitState state =
            new NatsSubjectSplitState(
                    new NatsSubjectSplit(
                            "S",
                            "orders.*",
                            StartPosition.earliest(),
                            NatsSubjectSplit.NO_STOPPING_SEQUENCE));

    private static NatsRecord record(long sequence, String payload, long pending) {
        return new NatsRecord(
                "orders.*",
                "S",
                "orders.eu",
                payload.getBytes(StandardCharsets.UTF_8),
                null,
                sequence,
                sequence,
                Instant.ofEpochMilli(1_000 + sequence),
                pending,
                "$JS.ACK.S.c.1." + sequence + ".1.0.0");
    }

    @Test
    void emitsWithTheStoredTimestampAndAdvancesThePosition() throws Exception {
        metrics.addSplit("orders.*");
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        false,
                        metrics,
                        UNLIMITED);
        TestingReaderOutput<String> output = new TestingReaderOutput<>();

        emitter.emitRecord(record(5, "a", 2), output, state);
        emitter.emitRecord(record(6, "bb", 1), output, state);

        assertThat(output.getEmittedRecords()).containsExactly("a", "bb");
        assertThat(state.lastEmittedSequence()).isEqualTo(6);
        assertThat(state.toSplit().startPosition()).isEqualTo(StartPosition.afterSequence(6));

        Gauge<Long> splitLag =
                metricListener.<Long>getGauge("split", "orders.*", "pendingMessages").get();
        assertThat(splitLag.getValue()).isEqualTo(1L);
        Gauge<Long> pendingRecords = metricListener.<Long>getGauge("pendingRecords").get();
        assertThat(pendingRecords.getValue()).isEqualTo(1L);
        metrics.splitFinished("orders.*");
        assertThat(splitLag.getValue()).isZero();
    }

    @Test
    void countsPayloadBytesIn() throws Exception {
        InternalSourceReaderMetricGroup group =
                InternalSourceReaderMetricGroup.wrap(
                        UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup());
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        false,
                        new NatsSourceReaderMetrics(group),
                        UNLIMITED);
        emitter.emitRecord(record(5, "a", 2), new TestingReaderOutput<>(), state);
        emitter.emitRecord(record(6, "bb", 1), new TestingReaderOutput<>(), state);
        Counter bytesIn = group.getIOMetricGroup().getNumBytesInCounter();
        assertThat(bytesIn.getCount()).isEqualTo(3);
    }

    @Test
    void redeliveriesAreSkippedButStillAcked() throws Exception {
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        false,
                        metrics,
                        UNLIMITED);
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        emitter.emitRecord(record(5, "a", 0), output, state);
        emitter.emitRecord(record(5, "a", 0), output, state);
        emitter.emitRecord(record(4, "old", 0), output, state);
        assertThat(output.getEmittedRecords()).containsExactly("a");

        List<String> sent = new ArrayList<>();
        acks.checkpoint(1);
        acks.complete(1, sent::add);
        assertThat(sent).hasSize(3);
    }

    @Test
    void afterTheLimitNothingIsEmittedAckedOrAdvanced() throws Exception {
        RecordLimit limit = new RecordLimit(2);
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        false,
                        metrics,
                        limit);
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        for (long sequence = 1; sequence <= 4; sequence++) {
            emitter.emitRecord(record(sequence, "r" + sequence, 0), output, state);
        }

        assertThat(output.getEmittedRecords()).containsExactly("r1", "r2");
        assertThat(limit.isReached()).isTrue();
        assertThat(state.lastEmittedSequence()).isEqualTo(2);
        List<String> sent = new ArrayList<>();
        acks.checkpoint(1);
        acks.complete(1, sent::add);
        assertThat(sent).hasSize(2);
    }

    @Test
    void decodingFailureNamesSplitAndSequence() {
        NatsRecordDeserializer<String> failing =
                new NatsRecordDeserializer<>() {
                    @Override
                    public void deserialize(NatsRecord record, Collector<String> out)
                            throws IOException {
                        throw new IOException("json: unexpected token at byte 0");
                    }

                    @Override
                    public TypeInformation<String> getProducedType() {
                        return Types.STRING;
                    }
                };
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        failing, acks, committed, sentNow::add, false, metrics, UNLIMITED);
        assertThatThrownBy(
                        () ->
                                emitter.emitRecord(
                                        record(9, "x", 0), new TestingReaderOutput<>(), state))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("position 9 of split 'orders.*'")
                .hasMessageContaining("unexpected token at byte 0");
        assertThat(state.lastEmittedSequence()).isEqualTo(NatsSubjectSplitState.NOTHING_EMITTED);
    }

    @Test
    void withAcksOnEmitEveryDeliveryIsAckedAtOnceAndNothingIsHeld() throws Exception {
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        true,
                        metrics,
                        UNLIMITED);
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        emitter.emitRecord(record(5, "a", 1), output, state);
        emitter.emitRecord(record(6, "b", 0), output, state);
        emitter.emitRecord(record(5, "a", 0), output, state);

        assertThat(output.getEmittedRecords()).containsExactly("a", "b");
        assertThat(sentNow).hasSize(3);
        assertThat(committed.get("orders.*")).isEqualTo(6);
        List<String> held = new ArrayList<>();
        acks.checkpoint(1);
        acks.complete(1, held::add);
        assertThat(held).isEmpty();
    }

    @Test
    void redeliveriesACompletedCheckpointCoversAreAckedAtOnce() throws Exception {
        NatsRecordEmitter<String> emitter =
                new NatsRecordEmitter<>(
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        acks,
                        committed,
                        sentNow::add,
                        false,
                        metrics,
                        UNLIMITED);
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        emitter.emitRecord(record(5, "a", 1), output, state);
        emitter.emitRecord(record(6, "b", 0), output, state);
        assertThat(sentNow).isEmpty();

        // A checkpoint covering 5 completed; both come again after ack_wait.
        committed.advance("orders.*", 5);
        emitter.emitRecord(record(5, "a", 1), output, state);
        emitter.emitRecord(record(6, "b", 0), output, state);

        assertThat(output.getEmittedRecords()).containsExactly("a", "b");
        assertThat(sentNow).containsExactly(record(5, "a", 1).ackSubject());
    }
}
