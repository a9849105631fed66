package io.flinkrw.connector.nats.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable state of a split being read: the stream sequence of the last emitted message. */
@Internal
public final class NatsSubjectSplitState {

    /** The last emitted sequence of a split that has emitted nothing yet. */
    public static final long NOTHING_EMITTED = -1;

    private final NatsSubjectSplit split;
    private long lastEmittedSequence;

    public NatsSubjectSplitState(NatsSubjectSplit split) {
        this.split = split;
        this.lastEmittedSequence =
                split.startPosition().kind() == StartPosition.Kind.AFTER_SEQUENCE
                        ? split.startPosition().sequence()
                        : NOTHING_EMITTED;
    }

    public NatsSubjectSplit split() {
        return split;
    }

    public long lastEmittedSequence() {
        return lastEmittedSequence;
    }

    public void setLastEmittedSequence(long sequence) {
        this.lastEmittedSequence = sequence;
    }

    /** The split as a checkpoint stores it: resuming after the last emitted message. */
    public NatsSubjectSplit toSplit() {
        return lastEmittedSequence == NOTHING_EMITTED
                ? split
                : split.resumingAfter(lastEmittedSequence);
    }
}
