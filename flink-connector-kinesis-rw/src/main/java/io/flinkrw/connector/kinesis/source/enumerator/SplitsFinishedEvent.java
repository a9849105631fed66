package io.flinkrw.connector.kinesis.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;

/**
 * Reader to enumerator: these shards are read to their end (or to the bounded stop). Sent again
 * after a restore for every finished split the enumerator has not yet acknowledged.
 */
@Internal
public final class SplitsFinishedEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final Set<String> splitIds;

    public SplitsFinishedEvent(Set<String> splitIds) {
        this.splitIds = Set.copyOf(splitIds);
    }

    public Set<String> splitIds() {
        return splitIds;
    }

    @Override
    public String toString() {
        return "SplitsFinishedEvent" + splitIds;
    }
}
