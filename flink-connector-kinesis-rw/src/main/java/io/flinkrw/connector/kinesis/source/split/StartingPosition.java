package io.flinkrw.connector.kinesis.source.split;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
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
        AFTER_EMITTED(4),
        /**
         * After the last user record emitted from a KPL aggregated record: the aggregated record is
         * read again (AT_SEQUENCE_NUMBER) and its user records up to the sub-sequence number are
         * skipped.
         */
        AFTER_EMITTED_USER_RECORD(5);

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
            return this == AFTER_STARTUP_SEQUENCE_NUMBER
                    || this == AFTER_EMITTED
                    || this == AFTER_EMITTED_USER_RECORD;
        }

        boolean hasSubSequenceNumber() {
            return this == AFTER_EMITTED_USER_RECORD;
        }

        boolean hasTimestamp() {
            return this == LATEST_AT || this == AT_TIMESTAMP;
        }
    }

    private static final long NO_SUB_SEQUENCE_NUMBER = -1;

    private static final StartingPosition EARLIEST =
            new StartingPosition(Kind.EARLIEST, null, NO_SUB_SEQUENCE_NUMBER, 0);

    private final Kind kind;
    @Nullable private final String sequenceNumber;
    private final long subSequenceNumber;
    private final long timestampMillis;

    private StartingPosition(
            Kind kind,
            @Nullable String sequenceNumber,
            long subSequenceNumber,
            long timestampMillis) {
        this.kind = kind;
        this.sequenceNumber = sequenceNumber;
        this.subSequenceNumber = subSequenceNumber;
        this.timestampMillis = timestampMillis;
    }

    public static StartingPosition earliest() {
        return EARLIEST;
    }

    public static StartingPosition latestAt(Instant pinned) {
        return new StartingPosition(
                Kind.LATEST_AT, null, NO_SUB_SEQUENCE_NUMBER, pinned.toEpochMilli());
    }

    public static StartingPosition atTimestamp(long epochMillis) {
        return new StartingPosition(Kind.AT_TIMESTAMP, null, NO_SUB_SEQUENCE_NUMBER, epochMillis);
    }

    public static StartingPosition afterStartupSequenceNumber(String sequenceNumber) {
        return new StartingPosition(
                Kind.AFTER_STARTUP_SEQUENCE_NUMBER,
                checkNotNull(sequenceNumber),
                NO_SUB_SEQUENCE_NUMBER,
                0);
    }

    public static StartingPosition afterEmitted(String sequenceNumber) {
        return new StartingPosition(
                Kind.AFTER_EMITTED, checkNotNull(sequenceNumber), NO_SUB_SEQUENCE_NUMBER, 0);
    }

    /**
     * After user record {@code subSequenceNumber} of the aggregated record {@code sequenceNumber}.
     */
    public static StartingPosition afterEmittedUserRecord(
            String sequenceNumber, long subSequenceNumber) {
        checkArgument(subSequenceNumber >= 0, "A sub-sequence number is 0 or more");
        return new StartingPosition(
                Kind.AFTER_EMITTED_USER_RECORD, checkNotNull(sequenceNumber), subSequenceNumber, 0);
    }

    static StartingPosition of(
            Kind kind,
            @Nullable String sequenceNumber,
            long subSequenceNumber,
            long timestampMillis) {
        return kind == Kind.EARLIEST
                ? EARLIEST
                : new StartingPosition(kind, sequenceNumber, subSequenceNumber, timestampMillis);
    }

    public Kind kind() {
        return kind;
    }

    /** The sequence number the shard starts after, for the AFTER kinds. */
    @Nullable
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /**
     * For {@link Kind#AFTER_EMITTED_USER_RECORD}, the sub-sequence number of the last user record
     * emitted; -1 otherwise.
     */
    public long subSequenceNumber() {
        return subSequenceNumber;
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
                && subSequenceNumber == that.subSequenceNumber
                && Objects.equals(sequenceNumber, that.sequenceNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sequenceNumber, subSequenceNumber, timestampMillis);
    }

    @Override
    public String toString() {
        switch (kind) {
            case EARLIEST:
                return "EARLIEST";
            case LATEST_AT:
            case AT_TIMESTAMP:
                return kind + "(" + Instant.ofEpochMilli(timestampMillis) + ")";
            case AFTER_EMITTED_USER_RECORD:
                return kind + "(" + sequenceNumber + "/" + subSequenceNumber + ")";
            default:
                return kind + "(" + sequenceNumber + ")";
        }
    }
}
