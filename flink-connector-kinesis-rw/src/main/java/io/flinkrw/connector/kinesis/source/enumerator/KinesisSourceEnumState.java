package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * The enumerator's checkpoint: the newest shard listed so far ({@code null} before the first
 * listing), and the splits that are not finished, assigned or not.
 */
@Internal
public final class KinesisSourceEnumState {

    @Nullable private final String lastSeenShardId;
    private final List<KinesisShardSplit> assignedSplits;
    private final List<KinesisShardSplit> unassignedSplits;

    public KinesisSourceEnumState(
            @Nullable String lastSeenShardId,
            List<KinesisShardSplit> assignedSplits,
            List<KinesisShardSplit> unassignedSplits) {
        this.lastSeenShardId = lastSeenShardId;
        this.assignedSplits = List.copyOf(assignedSplits);
        this.unassignedSplits = List.copyOf(unassignedSplits);
    }

    /** The state of an enumerator that has not listed the stream yet. */
    public static KinesisSourceEnumState initial() {
        return new KinesisSourceEnumState(null, List.of(), List.of());
    }

    @Nullable
    public String lastSeenShardId() {
        return lastSeenShardId;
    }

    public List<KinesisShardSplit> assignedSplits() {
        return assignedSplits;
    }

    public List<KinesisShardSplit> unassignedSplits() {
        return unassignedSplits;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisSourceEnumState)) {
            return false;
        }
        KinesisSourceEnumState that = (KinesisSourceEnumState) o;
        return Objects.equals(lastSeenShardId, that.lastSeenShardId)
                && assignedSplits.equals(that.assignedSplits)
                && unassignedSplits.equals(that.unassignedSplits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastSeenShardId, assignedSplits, unassignedSplits);
    }

    @Override
    public String toString() {
        return "KinesisSourceEnumState{lastSeenShardId="
                + lastSeenShardId
                + ", assigned="
                + assignedSplits
                + ", unassigned="
                + unassignedSplits
                + '}';
    }
}
