package io.flinkrw.connector.kinesis.source.split;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

/** A split being read: the split plus the sequence number of the last record emitted from it. */
@Internal
public final class KinesisShardSplitState {

    private final KinesisShardSplit split;
    @Nullable private String lastEmittedSequenceNumber;

    public KinesisShardSplitState(KinesisShardSplit split) {
        this.split = split;
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

    public void setLastEmittedSequenceNumber(String sequenceNumber) {
        this.lastEmittedSequenceNumber = sequenceNumber;
    }

    /** The split to checkpoint: it resumes just after the last emitted record. */
    public KinesisShardSplit toSplit() {
        return lastEmittedSequenceNumber == null
                ? split
                : split.withStartingPosition(
                        StartingPosition.afterEmitted(lastEmittedSequenceNumber));
    }
}
