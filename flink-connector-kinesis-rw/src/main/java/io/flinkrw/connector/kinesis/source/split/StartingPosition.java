package io.flinkrw.connector.kinesis.source.split;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** Where reading a shard starts: the shard iterator a split asks for when it has no other. */
@Internal
public final class StartingPosition implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of starting position; the codes are part of the split serializer's format. */
    public enum Kind {
        /** The oldest record kept (TRIM_HORIZON). */
        EARLIEST(0),
        /**
         * Records that arrived at or after the instant the source was built (AT_TIMESTAMP); when
         * the server rejects the instant as in the future (clock skew), the shard's tip (LATEST).
         */
        LATEST_AT(1),
        /** Records that arrived at or after a configured instant (AT_TIMESTAMP). */
        AT_TIMESTAMP(2),
        /** After the configured startup sequence number (AFTER_SEQUENCE_NUMBER). */
        AFTER_STARTUP_SEQUENCE_NUMBER(3),
        /** After the last record emitted from the shard (AFTER_SEQUENCE_NUMBER). */
        AFTER_EMITTED(4);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }

        static Kind ofCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown starting position kind " + code);
        }

        boolean hasSequenceNumber() {
            return this == AFTER_STARTUP_SEQUENCE_NUMBER || this == AFTER_EMITTED;
        }

        boolean hasTimestamp() {
            return this == LATEST_AT || this == AT_TIMESTAMP;
        }
    }

    private static final StartingPosition EARLIEST = new StartingPosition(Kind.EARLIEST, null, 0);

    private final Kind kind;
    @Nullable private final String sequenceNumber;
    private final long timestampMillis;

    private StartingPosition(Kind kind, @Nullable String sequenceNumber, long timestampMillis) {
        this.kind = kind;
        this.sequenceNumber = sequenceNumber;
        this.timestampMillis = timestampMillis;
    }

    public static StartingPosition earliest() {
        return EARLIEST;
    }

    public static StartingPosition latestAt(Instant pinned) {
        return new StartingPosition(Kind.LATEST_AT, null, pinned.toEpochMilli());
    }

    public static StartingPosition atTimestamp(long epochMillis) {
        return new StartingPosition(Kind.AT_TIMESTAMP, null, epochMillis);
    }

    public static StartingPosition afterStartupSequenceNumber(String sequenceNumber) {
        return new StartingPosition(
                Kind.AFTER_STARTUP_SEQUENCE_NUMBER, checkNotNull(sequenceNumber), 0);
    }

    public static StartingPosition afterEmitted(String sequenceNumber) {
        return new StartingPosition(Kind.AFTER_EMITTED, checkNotNull(sequenceNumber), 0);
    }

    static StartingPosition of(Kind kind, @Nullable String sequenceNumber, long timestampMillis) {
        return kind == Kind.EARLIEST
                ? EARLIEST
                : new StartingPosition(kind, sequenceNumber, timestampMillis);
    }

    public Kind kind() {
        return kind;
    }

    /** The sequence number the shard starts after, for the two AFTER kinds. */
    @Nullable
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** The instant of the two AT_TIMESTAMP kinds, in epoch milliseconds. */
    public long timestampMillis() {
        return timestampMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StartingPosition)) {
            return false;
        }
        StartingPosition that = (StartingPosition) o;
        return kind == that.kind
                && timestampMillis == that.timestampMillis
                && Objects.equals(sequenceNumber, that.sequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sequenceNumber, timestampMillis);
    }

    @Override
    public String toString() {
        switch (kind) {
            case EARLIEST:
                return "EARLIEST";
            case LATEST_AT:
            case AT_TIMESTAMP:
                return kind + "(" + Instant.ofEpochMilli(timestampMillis) + ")";
            default:
                return kind + "(" + sequenceNumber + ")";
        }
    }
}
