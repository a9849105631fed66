package io.flinkrw.connector.nats.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * One listed subject (wildcards allowed) of one stream, read by its own consumer. Its id is the
 * subject: a subject belongs to one stream only. A restored split starts after the last stream
 * sequence its reader emitted; a bounded split stops at {@link #stoppingSequence()}.
 */
@Internal
public final class NatsSubjectSplit implements SourceSplit {

    /** The stopping sequence of unbounded splits. */
    public static final long NO_STOPPING_SEQUENCE = Long.MAX_VALUE;

    private final String stream;
    private final String subject;
    private final StartPosition startPosition;
    private final long stoppingSequence;

    public NatsSubjectSplit(
            String stream, String subject, StartPosition startPosition, long stoppingSequence) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.startPosition = Objects.requireNonNull(startPosition, "startPosition");
        this.stoppingSequence = stoppingSequence;
    }

    @Override
    public String splitId() {
        return subject;
    }

    public String stream() {
        return stream;
    }

    public String subject() {
        return subject;
    }

    public StartPosition startPosition() {
        return startPosition;
    }

    /** The last stream sequence a bounded split reads; {@link #NO_STOPPING_SEQUENCE} if none. */
    public long stoppingSequence() {
        return stoppingSequence;
    }

    public boolean isBounded() {
        return stoppingSequence != NO_STOPPING_SEQUENCE;
    }

    /** Whether a bounded split has nothing left to read before it even starts. */
    public boolean isFinishedAtStart() {
        if (!isBounded()) {
            return false;
        }
        return stoppingSequence == 0
                || (startPosition.kind() == StartPosition.Kind.AFTER_SEQUENCE
                        && startPosition.sequence() >= stoppingSequence);
    }

    /** This split, resuming after {@code lastEmittedSequence}. */
    public NatsSubjectSplit resumingAfter(long lastEmittedSequence) {
        return new NatsSubjectSplit(
                stream,
                subject,
                StartPosition.afterSequence(lastEmittedSequence),
                stoppingSequence);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsSubjectSplit)) {
            return false;
        }
        NatsSubjectSplit that = (NatsSubjectSplit) o;
        return stream.equals(that.stream)
                && subject.equals(that.subject)
                && startPosition.equals(that.startPosition)
                && stoppingSequence == that.stoppingSequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, subject, startPosition, stoppingSequence);
    }

    @Override
    public String toString() {
        return "NatsSubjectSplit{stream="
                + stream
                + ", subject="
                + subject
                + ", start="
                + startPosition
                + (isBounded() ? ", stopAt=" + stoppingSequence : "")
                + '}';
    }
}
