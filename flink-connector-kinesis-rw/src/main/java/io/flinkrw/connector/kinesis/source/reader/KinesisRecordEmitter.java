package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.RecordDecodingException;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.source.KinesisDeserializationSchema;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Decodes a record with the user's schema, emits the values with the record's arrival time as their
 * timestamp, and then advances the split's state to the record, so a checkpoint resumes just after
 * it. A decoding failure names the shard and the sequence number. Once the reader's record limit is
 * reached, records are dropped and the state stays.
 *
 * <p>After a restore in the middle of a KPL aggregated record, the aggregated record is read again;
 * its user records up to the restored sub-sequence number are skipped here.
 */
@Internal
public final class KinesisRecordEmitter<T>
        implements RecordEmitter<KinesisRecord, T, KinesisShardSplitState> {

    private final KinesisDeserializationSchema<T> deserializer;
    private final Counter numBytesIn;
    private final RecordLimit limit;
    private final TimestampedCollector<T> collector;

    public KinesisRecordEmitter(KinesisDeserializationSchema<T> deserializer, Counter numBytesIn) {
        this(deserializer, numBytesIn, new RecordLimit(RecordLimit.UNLIMITED));
    }

    public KinesisRecordEmitter(
            KinesisDeserializationSchema<T> deserializer, Counter numBytesIn, RecordLimit limit) {
        this.deserializer = deserializer;
        this.numBytesIn = numBytesIn;
        this.limit = limit;
        this.collector = new TimestampedCollector<>(limit);
    }

    @Override
    public void emitRecord(
            KinesisRecord record, SourceOutput<T> output, KinesisShardSplitState state)
            throws Exception {
        if (limit.isReached() || state.isAlreadyEmitted(record)) {
            return;
        }
        collector.output = output;
        collector.timestamp = record.approximateArrivalMillis();
        try {
            deserializer.deserialize(record, collector);
        } catch (Exception e) {
            throw new RecordDecodingException(state.shardId(), position(record), e);
        } finally {
            collector.output = null;
        }
        numBytesIn.inc(record.data().length);
        state.setLastEmitted(record);
    }

    private static String position(KinesisRecord record) {
        return record.isAggregated()
                ? record.sequenceNumber() + "/" + record.subSequenceNumber()
                : record.sequenceNumber();
    }

    /** Hands decoded values to the split's output with the record's timestamp, and counts them. */
    private static final class TimestampedCollector<T> implements Collector<T> {
        private final RecordLimit limit;
        SourceOutput<T> output;
        long timestamp;

        TimestampedCollector(RecordLimit limit) {
            this.limit = limit;
        }

        @Override
        public void collect(T value) {
            output.collect(value, timestamp);
            limit.recordEmitted();
        }

        @Override
        public void close() {}
    }
}
