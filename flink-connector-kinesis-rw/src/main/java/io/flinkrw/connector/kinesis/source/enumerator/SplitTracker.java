package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The enumerator's view of the shards that are not finished: waiting to be assigned, or assigned
 * and being read. A shard is finished when it is in neither set, which also covers parents that
 * expired or were never listed. A waiting split becomes assignable only when all of its parents are
 * finished, so a partition key's records are read in order across resharding.
 */
@Internal
final class SplitTracker {

    private final Map<String, KinesisShardSplit> unassigned = new LinkedHashMap<>();
    private final Map<String, KinesisShardSplit> assigned = new LinkedHashMap<>();

    /** Adds a newly listed shard, unless it is known already. */
    void addDiscovered(KinesisShardSplit split) {
        if (!isKnown(split.splitId())) {
            unassigned.put(split.splitId(), split);
        }
    }

    boolean isKnown(String splitId) {
        return unassigned.containsKey(splitId) || assigned.containsKey(splitId);
    }

    /** The waiting splits whose parents are all finished, in the order they were listed. */
    List<KinesisShardSplit> assignable() {
        List<KinesisShardSplit> ready = new ArrayList<>();
        for (KinesisShardSplit split : unassigned.values()) {
            if (split.parentShardIds().stream().noneMatch(this::isKnown)) {
                ready.add(split);
            }
        }
        return ready;
    }

    void markAssigned(Collection<KinesisShardSplit> splits) {
        for (KinesisShardSplit split : splits) {
            unassigned.remove(split.splitId());
            assigned.put(split.splitId(), split);
        }
    }

    /** Forgets a finished split; returns it, or {@code null} when it was not known. */
    @Nullable
    KinesisShardSplit finish(String splitId) {
        KinesisShardSplit split = assigned.remove(splitId);
        return split != null ? split : unassigned.remove(splitId);
    }

    /** Splits that a failed reader had: they wait to be assigned again. */
    void returnToUnassigned(Collection<KinesisShardSplit> splits) {
        for (KinesisShardSplit split : splits) {
            assigned.remove(split.splitId());
            unassigned.put(split.splitId(), split);
        }
    }

    /** A split that a reader's restored state holds again, unfinished. */
    void restoreAssigned(KinesisShardSplit split) {
        unassigned.remove(split.splitId());
        assigned.put(split.splitId(), split);
    }

    /** The shards that are not finished and have children: they are closed. */
    Set<String> closedShardIds() {
        Set<String> closed = new TreeSet<>();
        for (Map<String, KinesisShardSplit> splits : List.of(unassigned, assigned)) {
            for (KinesisShardSplit split : splits.values()) {
                for (String parent : split.parentShardIds()) {
                    if (isKnown(parent)) {
                        closed.add(parent);
                    }
                }
            }
        }
        return closed;
    }

    List<KinesisShardSplit> unassignedSplits() {
        return new ArrayList<>(unassigned.values());
    }

    List<KinesisShardSplit> assignedSplits() {
        return new ArrayList<>(assigned.values());
    }
}
