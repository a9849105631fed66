package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * The enumerator's checkpoint: the newest shard listed so far ({@code null} before the first
 * listing), the splits that are not finished, assigned or not, with enhanced fan-out the stream
 * consumer this source registered (and so deregisters when the job ends), and the stream the
 * positions belong to ({@code null} before the first listing and in states of older versions).
 */
@Internal
public final class KinesisSourceEnumState {

    @Nullable private final String lastSeenShardId;
    private final List<KinesisShardSplit> assignedSplits;
    private final List<KinesisShardSplit> unassignedSplits;
    @Nullable private final String registeredConsumerArn;
    @Nullable private final StreamIdentity stream;

    public KinesisSourceEnumState(
            @Nullable String lastSeenShardId,
            List<KinesisShardSplit> assignedSplits,
            List<KinesisShardSplit> unassignedSplits) {
        this(lastSeenShardId, assignedSplits, unassignedSplits, null);
    }

    public KinesisSourceEnumState(
            @Nullable String lastSeenShardId,
            List<KinesisShardSplit> assignedSplits,
            List<KinesisShardSplit> unassignedSplits,
            @Nullable String registeredConsumerArn) {
        this(lastSeenShardId, assignedSplits, unassignedSplits, registeredConsumerArn, null);
    }

    public KinesisSourceEnumState(
            @Nullable String lastSeenShardId,
            List<KinesisShardSplit> assignedSplits,
            List<KinesisShardSplit> unassignedSplits,
            @Nullable String registeredConsumerArn,
            @Nullable StreamIdentity stream) {
        this.lastSeenShardId = lastSeenShardId;
        this.assignedSplits = List.copyOf(assignedSplits);
        this.unassignedSplits = List.copyOf(unassignedSplits);
        this.registeredConsumerArn = registeredConsumerArn;
        this.stream = stream;
    }

    /** The state of an enumerator that has not listed the stream yet. */
    public static KinesisSourceEnumState initial() {
        return new KinesisSourceEnumState(null, List.of(), List.of(), null, null);
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

    /** The ARN of the stream consumer this source registered, if it registered one. */
    @Nullable
    public String registeredConsumerArn() {
        return registeredConsumerArn;
    }

    /** The stream the positions belong to; {@code null} when not known. */
    @Nullable
    public StreamIdentity stream() {
        return stream;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisSourceEnumState)) {
            return false;
        }
        KinesisSourceEnumState that = (KinesisSourceEnumState) o;
        return Objects.equals(lastSeenShardId, that.lastSeenShardId)
                && assignedSplits.equals(that.assignedSplits)
                && unassignedSplits.equals(that.unassignedSplits)
                && Objects.equals(registeredConsumerArn, that.registeredConsumerArn)
                && Objects.equals(stream, that.stream);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                lastSeenShardId, assignedSplits, unassignedSplits, registeredConsumerArn, stream);
    }

    @Override
    public String toString() {
        return "KinesisSourceEnumState{lastSeenShardId="
                + lastSeenShardId
                + ", assigned="
                + assignedSplits
                + ", unassigned="
                + unassignedSplits
                + (registeredConsumerArn != null
                        ? ", registeredConsumer=" + registeredConsumerArn
                        : "")
                + (stream != null ? ", stream=" + stream : "")
                + '}';
    }
}
