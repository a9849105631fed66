package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.annotation.Internal;

import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import javax.annotation.Nullable;

import java.time.Instant;

/**
 * A split's starting position in Kinesis' terms, the same for GetShardIterator and for
 * SubscribeToShard: an iterator type with its sequence number or timestamp.
 */
@Internal
final class ShardStart {

    final ShardIteratorType type;
    @Nullable final String sequenceNumber;
    @Nullable final Instant timestamp;

    private ShardStart(
            ShardIteratorType type, @Nullable String sequenceNumber, @Nullable Instant timestamp) {
        this.type = type;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
    }

    /**
     * Where {@code position} starts; {@code latestFallback} turns {@code latest}'s pinned instant
     * into the shard's tip, for a server that rejected the instant as in the future.
     */
    static ShardStart of(StartingPosition position, boolean latestFallback) {
        switch (position.kind()) {
            case EARLIEST:
                return new ShardStart(ShardIteratorType.TRIM_HORIZON, null, null);
            case LATEST_AT:
                if (latestFallback) {
                    return new ShardStart(ShardIteratorType.LATEST, null, null);
                }
                return atTimestamp(position);
            case AT_TIMESTAMP:
                return atTimestamp(position);
            case AFTER_STARTUP_SEQUENCE_NUMBER:
            case AFTER_EMITTED:
                return new ShardStart(
                        ShardIteratorType.AFTER_SEQUENCE_NUMBER, position.sequenceNumber(), null);
            case AFTER_EMITTED_USER_RECORD:
                return new ShardStart(
                        ShardIteratorType.AT_SEQUENCE_NUMBER, position.sequenceNumber(), null);
            default:
                throw new IllegalStateException("Unknown starting position " + position);
        }
    }

    /** After {@code sequenceNumber}. */
    static ShardStart after(String sequenceNumber) {
        return new ShardStart(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    private static ShardStart atTimestamp(StartingPosition position) {
        return new ShardStart(
                ShardIteratorType.AT_TIMESTAMP,
                null,
                Instant.ofEpochMilli(position.timestampMillis()));
    }

    /** The same position for SubscribeToShard. */
    software.amazon.awssdk.services.kinesis.model.StartingPosition forSubscription() {
        return software.amazon.awssdk.services.kinesis.model.StartingPosition.builder()
                .type(type)
                .sequenceNumber(sequenceNumber)
                .timestamp(timestamp)
                .build();
    }

    /** The message of a shard that rejected {@code scan.startup.sequence_number}. */
    static String startupSequenceNumberRejected(
            String stream, String shardId, StartingPosition position, KinesisException e) {
        return String.format(
                "Shard %s of stream '%s' rejected the startup sequence number %s"
                        + " ('scan.startup.sequence_number'): %s. A sequence number belongs to"
                        + " one shard; give one per shard instead, for example"
                        + " '%s:<sequence number>;<other shard id>:<sequence number>' (shards not"
                        + " listed start at the earliest record).",
                shardId,
                stream,
                position.sequenceNumber(),
                e.awsErrorDetails() == null
                        ? KinesisErrors.describe(e)
                        : e.awsErrorDetails().errorMessage(),
                shardId);
    }

    @Override
    public String toString() {
        return type
                + (sequenceNumber != null ? "(" + sequenceNumber + ")" : "")
                + (timestamp != null ? "(" + timestamp + ")" : "");
    }
}
