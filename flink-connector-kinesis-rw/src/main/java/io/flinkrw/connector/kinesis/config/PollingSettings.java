package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** How the polling reader paces its GetRecords calls. */
@Internal
public final class PollingSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kinesis allows 5 GetRecords per second per shard. */
    public static final Duration MIN_CALL_INTERVAL = Duration.ofMillis(200);

    /** Kinesis allows reading 2 MB per second per shard. */
    public static final long MAX_BYTES_PER_SECOND = 2L * 1024 * 1024;

    /** The most records one GetRecords call may ask for. */
    public static final int MAX_RECORDS_LIMIT = 10_000;

    private final int maxRecordsPerCall;
    private final Duration emptyReadInterval;
    private final Duration nonEmptyReadInterval;
    private final Duration invalidIteratorRetryInterval;
    private final Duration maxBackoff;

    public PollingSettings(
            int maxRecordsPerCall,
            Duration emptyReadInterval,
            Duration nonEmptyReadInterval,
            Duration invalidIteratorRetryInterval,
            Duration maxBackoff) {
        this.maxRecordsPerCall = maxRecordsPerCall;
        this.emptyReadInterval = emptyReadInterval;
        this.nonEmptyReadInterval = nonEmptyReadInterval;
        this.invalidIteratorRetryInterval = invalidIteratorRetryInterval;
        this.maxBackoff = maxBackoff;
    }

    public int maxRecordsPerCall() {
        return maxRecordsPerCall;
    }

    /** The wait after an empty read; also the first backoff after a recoverable error. */
    public Duration emptyReadInterval() {
        return emptyReadInterval;
    }

    public Duration nonEmptyReadInterval() {
        return nonEmptyReadInterval;
    }

    public Duration invalidIteratorRetryInterval() {
        return invalidIteratorRetryInterval;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PollingSettings)) {
            return false;
        }
        PollingSettings that = (PollingSettings) o;
        return maxRecordsPerCall == that.maxRecordsPerCall
                && emptyReadInterval.equals(that.emptyReadInterval)
                && nonEmptyReadInterval.equals(that.nonEmptyReadInterval)
                && invalidIteratorRetryInterval.equals(that.invalidIteratorRetryInterval)
                && maxBackoff.equals(that.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRecordsPerCall, emptyReadInterval, nonEmptyReadInterval);
    }

    @Override
    public String toString() {
        return "PollingSettings{maxRecordsPerCall="
                + maxRecordsPerCall
                + ", emptyReadInterval="
                + emptyReadInterval
                + ", nonEmptyReadInterval="
                + nonEmptyReadInterval
                + ", invalidIteratorRetryInterval="
                + invalidIteratorRetryInterval
                + ", maxBackoff="
                + maxBackoff
                + '}';
    }
}
