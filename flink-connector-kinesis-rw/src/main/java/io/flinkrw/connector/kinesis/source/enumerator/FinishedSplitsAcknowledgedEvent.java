package io.flinkrw.connector.kinesis.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;

/**
 * Enumerator to reader: a completed checkpoint holds the enumerator's record that these splits are
 * finished, so the reader may drop them from its own state.
 */
@Internal
public final class FinishedSplitsAcknowledgedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final Set<String> splitIds;

    public FinishedSplitsAcknowledgedEvent(Set<String> splitIds) {
        this.splitIds = Set.copyOf(splitIds);
    }

    public Set<String> splitIds() {
        return splitIds;
    }

    @Override
    public String toString() {
        return "FinishedSplitsAcknowledgedEvent" + splitIds;
    }
}
