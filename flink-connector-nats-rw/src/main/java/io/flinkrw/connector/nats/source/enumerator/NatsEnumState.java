package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the enumerator checkpoints: the ids of the splits it handed to readers (whose positions live
 * in the readers' state) and the splits it has not handed out yet.
 */
@Internal
public final class NatsEnumState {

    private final Set<String> assignedSplitIds;
    private final List<NatsSubjectSplit> pendingSplits;

    public NatsEnumState(Set<String> assignedSplitIds, List<NatsSubjectSplit> pendingSplits) {
        this.assignedSplitIds = Set.copyOf(assignedSplitIds);
        this.pendingSplits = List.copyOf(pendingSplits);
    }

    public static NatsEnumState empty() {
        return new NatsEnumState(Set.of(), List.of());
    }

    public Set<String> assignedSplitIds() {
        return assignedSplitIds;
    }

    public List<NatsSubjectSplit> pendingSplits() {
        return pendingSplits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NatsEnumState
                && ((NatsEnumState) o).assignedSplitIds.equals(assignedSplitIds)
                && ((NatsEnumState) o).pendingSplits.equals(pendingSplits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assignedSplitIds, pendingSplits);
    }

    @Override
    public String toString() {
        return "NatsEnumState{assigned=" + assignedSplitIds + ", pending=" + pendingSplits + '}';
    }
}
