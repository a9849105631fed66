package io.flinkrw.common.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent by the enumerator of an unbounded source to a reader it has no split for: after its first
 * planning or listing, once the splits it found are assigned, and when a reader registers (a
 * restart) with nothing to assign. The reader marks itself idle if it still holds no split (see
 * {@link IdleWithoutSplitReaderBase}).
 */
@Internal
public final class NoSplitForReaderEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean equals(Object other) {
        return other instanceof NoSplitForReaderEvent;
    }

    @Override
    public int hashCode() {
        return NoSplitForReaderEvent.class.hashCode();
    }

    @Override
    public String toString() {
        return "NoSplitForReaderEvent";
    }
}
