package io.flinkrw.connector.kinesis.source.enumerator;

import org.apache.flink.annotation.Internal;

import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * Which stream the source reads: its ARN and creation time. A stream deleted and created again
 * under the same name has the same ARN and a later creation time; positions in one mean nothing in
 * the other.
 */
@Internal
public final class StreamIdentity {

    private final String arn;

    /** Milliseconds since the epoch; {@code null} where the server does not say. */
    @Nullable private final Long creationMillis;

    public StreamIdentity(String arn, @Nullable Long creationMillis) {
        this.arn = Objects.requireNonNull(arn);
        this.creationMillis = creationMillis;
    }

    /** The identity DescribeStreamSummary gives. */
    static StreamIdentity of(StreamDescriptionSummary summary) {
        Instant created = summary.streamCreationTimestamp();
        return new StreamIdentity(
                summary.streamARN(), created == null ? null : created.toEpochMilli());
    }

    public String arn() {
        return arn;
    }

    @Nullable
    public Long creationMillis() {
        return creationMillis;
    }

    /**
     * Whether {@code current} is this stream: the same ARN, and the same creation time where both
     * are known.
     */
    boolean isSameStreamAs(StreamIdentity current) {
        return arn.equals(current.arn)
                && (creationMillis == null
                        || current.creationMillis == null
                        || creationMillis.equals(current.creationMillis));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamIdentity)) {
            return false;
        }
        StreamIdentity that = (StreamIdentity) o;
        return arn.equals(that.arn) && Objects.equals(creationMillis, that.creationMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arn, creationMillis);
    }

    @Override
    public String toString() {
        return arn
                + " (created "
                + (creationMillis == null
                        ? "at an unknown time"
                        : Instant.ofEpochMilli(creationMillis))
                + ")";
    }
}
