package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.annotation.Internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per split, the stream sequence up to which Flink no longer needs the server to keep anything:
 * what a completed checkpoint covers (or, when acks go out on emit, what was emitted), or where a
 * durable consumer's acks had got to before the split had state. A consumer is never (re)created to
 * start past it, because a new consumer's ack floor sits just below its start: on a work-queue
 * stream the server deletes everything up to there. The reader's task thread advances it, the
 * fetcher thread reads it.
 */
@Internal
final class CommittedPositions {

    private final Map<String, Long> bySplit = new ConcurrentHashMap<>();

    /** Task thread only: the positions each pending checkpoint holds. */
    private final NavigableMap<Long, Map<String, Long>> byCheckpoint = new TreeMap<>();

    /**
     * The position of {@code splitId}, or {@link NatsSubjectSplitState#NOTHING_EMITTED} when
     * nothing of it is committed.
     */
    long get(String splitId) {
        return bySplit.getOrDefault(splitId, NatsSubjectSplitState.NOTHING_EMITTED);
    }

    /** Moves the position of {@code splitId} to {@code sequence}, unless it is already further. */
    void advance(String splitId, long sequence) {
        bySplit.merge(splitId, sequence, Math::max);
    }

    /** A split the reader got: what its start position skips is committed (restored state). */
    void addSplit(NatsSubjectSplit split) {
        if (split.startPosition().kind() == StartPosition.Kind.AFTER_SEQUENCE) {
            advance(split.splitId(), split.startPosition().sequence());
        }
    }

    /** Checkpoint {@code checkpointId} holds {@code splits}. */
    void checkpoint(long checkpointId, List<NatsSubjectSplit> splits) {
        Map<String, Long> positions = new HashMap<>();
        for (NatsSubjectSplit split : splits) {
            if (split.startPosition().kind() == StartPosition.Kind.AFTER_SEQUENCE) {
                positions.put(split.splitId(), split.startPosition().sequence());
            }
        }
        byCheckpoint.put(checkpointId, positions);
    }

    /** Checkpoint {@code checkpointId} completed: what it and earlier ones hold is committed. */
    void complete(long checkpointId) {
        NavigableMap<Long, Map<String, Long>> covered = byCheckpoint.headMap(checkpointId, true);
        covered.values().forEach(positions -> positions.forEach(this::advance));
        covered.clear();
    }
}
