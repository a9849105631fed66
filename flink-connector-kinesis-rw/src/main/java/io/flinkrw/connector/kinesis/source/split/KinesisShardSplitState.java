package io.flinkrw.connector.kinesis.source.split;

import io.flinkrw.connector.kinesis.source.KinesisRecord;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

/**
 * A split being read: the split plus the position of the last record emitted from it, which is a
 * sequence number and, for a user record of a KPL aggregated record, its sub-sequence number.
 */
@Internal
public final class KinesisShardSplitState {

    private final KinesisShardSplit split;
    @Nullable private String lastEmittedSequenceNumber;
    private long lastEmittedSubSequenceNumber = KinesisRecord.NOT_AGGREGATED;

    public KinesisShardSplitState(KinesisShardSplit split) {
        this.split = split;
        StartingPosition start = split.startingPosition();
        if (start.kind() == StartingPosition.Kind.AFTER_EMITTED_USER_RECORD) {
            // Restored in the middle of an aggregated record: its user records up to this one
            // arrive again and are recognised as emitted.
            lastEmittedSequenceNumber = start.sequenceNumber();
            lastEmittedSubSequenceNumber = start.subSequenceNumber();
        }
    }

    public KinesisShardSplit split() {
        return split;
    }

    public String shardId() {
        return split.shardId();
    }

    @Nullable
    public String lastEmittedSequenceNumber() {
        return lastEmittedSequenceNumber;
    }

    /** The sub-sequence number of the last record emitted, or -1 when it was not aggregated. */
    public long lastEmittedSubSequenceNumber() {
        return lastEmittedSubSequenceNumber;
    }

    /** Records {@code record} as the last one emitted. */
    public void setLastEmitted(KinesisRecord record) {
        this.lastEmittedSequenceNumber = record.sequenceNumber();
        this.lastEmittedSubSequenceNumber = record.subSequenceNumber();
    }

    /**
     * Whether {@code record} is a user record of the aggregated record emitted last, at or before
     * the last one emitted: a restore in the middle of an aggregated record reads it again.
     */
    public boolean isAlreadyEmitted(KinesisRecord record) {
        return record.isAggregated()
                && lastEmittedSubSequenceNumber != KinesisRecord.NOT_AGGREGATED
                && record.subSequenceNumber() <= lastEmittedSubSequenceNumber
                && record.sequenceNumber().equals(lastEmittedSequenceNumber);
    }

    /** The split to checkpoint: it resumes just after the last emitted record. */
    public KinesisShardSplit toSplit() {
        if (lastEmittedSequenceNumber == null) {
            return split;
        }
        return split.withStartingPosition(
                lastEmittedSubSequenceNumber == KinesisRecord.NOT_AGGREGATED
                        ? StartingPosition.afterEmitted(lastEmittedSequenceNumber)
                        : StartingPosition.afterEmittedUserRecord(
                                lastEmittedSequenceNumber, lastEmittedSubSequenceNumber));
    }
}
