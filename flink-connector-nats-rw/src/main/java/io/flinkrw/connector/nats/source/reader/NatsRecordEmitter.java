package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.RecordDecodingException;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

import java.util.function.Predicate;

/**
 * Decodes a record, emits it with its JetStream timestamp and moves the split's position to its
 * stream sequence. A record at or before the position (a redelivery) is skipped, but still acked. A
 * delivery is acked at once when its split's {@link CommittedPositions committed position} covers
 * it, otherwise held until the checkpoint that covers it completes. When acks go out on emit (no
 * checkpoints), emitting a record commits it, so every delivery is acked at once. Once the reader's
 * record limit is reached, records are neither emitted nor acked, and the split's position stays.
 */
@Internal
final class NatsRecordEmitter<T> implements RecordEmitter<NatsRecord, T, NatsSubjectSplitState> {

    private final NatsRecordDeserializer<T> deserializer;
    private final PendingAcks acks;
    private final CommittedPositions committed;
    private final Predicate<String> ackNow;
    private final boolean commitOnEmit;
    private final NatsSourceReaderMetrics metrics;
    private final RecordLimit limit;
    private final TimestampedCollector<T> collector;

    NatsRecordEmitter(
            NatsRecordDeserializer<T> deserializer,
            PendingAcks acks,
            CommittedPositions committed,
            Predicate<String> ackNow,
            boolean commitOnEmit,
            NatsSourceReaderMetrics metrics,
            RecordLimit limit) {
        this.deserializer = deserializer;
        this.acks = acks;
        this.committed = committed;
        this.ackNow = ackNow;
        this.commitOnEmit = commitOnEmit;
        this.metrics = metrics;
        this.limit = limit;
        this.collector = new TimestampedCollector<>(limit);
    }

    @Override
    public void emitRecord(NatsRecord record, SourceOutput<T> output, NatsSubjectSplitState state)
            throws Exception {
        if (limit.isReached()) {
            return;
        }
        String splitId = state.split().splitId();
        long sequence = record.streamSequence();
        if (sequence > state.lastEmittedSequence()) {
            collector.output = output;
            collector.timestamp = record.timestampMillis();
            try {
                deserializer.deserialize(record, collector);
            } catch (Exception e) {
                throw new RecordDecodingException(splitId, String.valueOf(sequence), e);
            } finally {
                collector.output = null;
            }
            state.setLastEmittedSequence(sequence);
            metrics.recordEmitted(splitId, record.pendingMessages(), record.payload().length);
            if (commitOnEmit) {
                committed.advance(splitId, sequence);
            }
        }
        if (record.ackSubject() != null) {
            if (sequence <= committed.get(splitId)) {
                // Not sent now (disconnected): the server redelivers it after ack_wait, and the
                // redelivery is skipped and acked again.
                ackNow.test(record.ackSubject());
            } else {
                acks.add(splitId, record.ackSubject());
            }
        }
    }

    /** Emits each decoded element with the record's timestamp, and counts it. */
    private static final class TimestampedCollector<T> implements Collector<T> {
        private final RecordLimit limit;
        private SourceOutput<T> output;
        private long timestamp;

        TimestampedCollector(RecordLimit limit) {
            this.limit = limit;
        }

        @Override
        public void collect(T element) {
            output.collect(element, timestamp);
            limit.recordEmitted();
        }

        @Override
        public void close() {}
    }
}
