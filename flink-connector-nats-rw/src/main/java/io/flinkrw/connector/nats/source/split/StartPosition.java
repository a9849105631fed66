package io.flinkrw.connector.nats.source.split;

import org.apache.flink.annotation.Internal;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a split's consumer starts delivering: the first message, a point in time, or a sequence.
 */
@Internal
public final class StartPosition {

    /** The kinds of start position, with their stable serialized codes. */
    public enum Kind {
        /** The first message of the subject. */
        EARLIEST(0),
        /** The first message stored at or after an instant. */
        TIMESTAMP(1),
        /** The first message after a stream sequence (the last one emitted). */
        AFTER_SEQUENCE(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown start position kind " + code);
        }
    }

    private static final StartPosition EARLIEST = new StartPosition(Kind.EARLIEST, 0);

    private final Kind kind;

    /** Epoch nanoseconds for TIMESTAMP, the stream sequence for AFTER_SEQUENCE, else 0. */
    private final long value;

    private StartPosition(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
    }

    public static StartPosition earliest() {
        return EARLIEST;
    }

    public static StartPosition timestamp(Instant instant) {
        return new StartPosition(
                Kind.TIMESTAMP,
                Math.addExact(
                        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
                        instant.getNano()));
    }

    public static StartPosition afterSequence(long sequence) {
        return new StartPosition(Kind.AFTER_SEQUENCE, sequence);
    }

    static StartPosition of(Kind kind, long value) {
        return kind == Kind.EARLIEST ? EARLIEST : new StartPosition(kind, value);
    }

    public Kind kind() {
        return kind;
    }

    long value() {
        return value;
    }

    /** The instant of a TIMESTAMP position. */
    public Instant instant() {
        return Instant.ofEpochSecond(0, value);
    }

    /** The stream sequence of an AFTER_SEQUENCE position. */
    public long sequence() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartPosition
                && ((StartPosition) o).kind == kind
                && ((StartPosition) o).value == value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        switch (kind) {
            case TIMESTAMP:
                return "timestamp " + instant();
            case AFTER_SEQUENCE:
                return "after sequence " + value;
            default:
                return "earliest";
        }
    }
}
