package io.flinkrw.connector.kinesis.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One shard of the stream, as a split: its id, its parents (read before it), its hash-key range
 * (for an even assignment), where reading starts, and, in bounded mode, the arrival time at which
 * it stops. A split that a reader finished travels once more, marked {@link #isFinished()}, in the
 * reader's checkpoint until the enumerator has durably recorded the finish.
 */
@Internal
public final class KinesisShardSplit implements SourceSplit {

    /** {@link #stoppingArrivalMillis()} of a split in an unbounded source. */
    public static final long NO_STOP = Long.MAX_VALUE;

    private final String shardId;
    private final List<String> parentShardIds;
    private final String startingHashKey;
    private final String endingHashKey;
    private final StartingPosition startingPosition;
    private final long stoppingArrivalMillis;
    private final boolean finished;

    public KinesisShardSplit(
            String shardId,
            List<String> parentShardIds,
            String startingHashKey,
            String endingHashKey,
            StartingPosition startingPosition,
            long stoppingArrivalMillis,
            boolean finished) {
        this.shardId = checkNotNull(shardId);
        this.parentShardIds = List.copyOf(parentShardIds);
        this.startingHashKey = checkNotNull(startingHashKey);
        this.endingHashKey = checkNotNull(endingHashKey);
        this.startingPosition = checkNotNull(startingPosition);
        this.stoppingArrivalMillis = stoppingArrivalMillis;
        this.finished = finished;
    }

    @Override
    public String splitId() {
        return shardId;
    }

    public String shardId() {
        return shardId;
    }

    /** The parent and, after a merge, the adjacent parent; empty for an original shard. */
    public List<String> parentShardIds() {
        return parentShardIds;
    }

    public String startingHashKey() {
        return startingHashKey;
    }

    public String endingHashKey() {
        return endingHashKey;
    }

    /** The middle of the shard's hash-key range. */
    public BigInteger hashKeyMidpoint() {
        return new BigInteger(startingHashKey).add(new BigInteger(endingHashKey)).shiftRight(1);
    }

    public StartingPosition startingPosition() {
        return startingPosition;
    }

    /**
     * In bounded mode, the first arrival time (epoch milliseconds) that is no longer read; {@link
     * #NO_STOP} when unbounded.
     */
    public long stoppingArrivalMillis() {
        return stoppingArrivalMillis;
    }

    public boolean isBounded() {
        return stoppingArrivalMillis != NO_STOP;
    }

    public boolean isFinished() {
        return finished;
    }

    /** This split, starting at {@code position}. */
    public KinesisShardSplit withStartingPosition(StartingPosition position) {
        return new KinesisShardSplit(
                shardId,
                parentShardIds,
                startingHashKey,
                endingHashKey,
                position,
                stoppingArrivalMillis,
                finished);
    }

    /** This split, marked finished. */
    public KinesisShardSplit asFinished() {
        return new KinesisShardSplit(
                shardId,
                parentShardIds,
                startingHashKey,
                endingHashKey,
                startingPosition,
                stoppingArrivalMillis,
                true);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisShardSplit)) {
            return false;
        }
        KinesisShardSplit that = (KinesisShardSplit) o;
        return stoppingArrivalMillis == that.stoppingArrivalMillis
                && finished == that.finished
                && shardId.equals(that.shardId)
                && parentShardIds.equals(that.parentShardIds)
                && startingHashKey.equals(that.startingHashKey)
                && endingHashKey.equals(that.endingHashKey)
                && startingPosition.equals(that.startingPosition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, startingPosition, finished);
    }

    @Override
    public String toString() {
        return "KinesisShardSplit{"
                + shardId
                + (parentShardIds.isEmpty() ? "" : ", parents=" + parentShardIds)
                + ", start="
                + startingPosition
                + (isBounded() ? ", stopAtArrival=" + stoppingArrivalMillis : "")
                + (finished ? ", finished" : "")
                + '}';
    }
}
