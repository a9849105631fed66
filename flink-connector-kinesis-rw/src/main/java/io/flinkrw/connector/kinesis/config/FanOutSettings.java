package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** How the enhanced fan-out reader subscribes to shards, and the stream consumer it uses. */
@Internal
public final class FanOutSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Kinesis ends a subscription after 5 minutes; the reader renews it a little before, so that
     * the renewal never depends on the server's end arriving.
     */
    public static final Duration SUBSCRIPTION_RENEWAL_AGE = Duration.ofSeconds(270);

    /** Events each subscription may deliver ahead of the reader (its Reactive Streams demand). */
    public static final int PREFETCH_EVENTS = 2;

    private final String consumerName;
    private final Duration subscriptionIdleTimeout;
    private final Duration subscriptionRenewalAge;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    FanOutSettings(
            String consumerName,
            Duration subscriptionIdleTimeout,
            Duration firstBackoff,
            Duration maxBackoff) {
        this(
                consumerName,
                subscriptionIdleTimeout,
                SUBSCRIPTION_RENEWAL_AGE,
                firstBackoff,
                maxBackoff);
    }

    @VisibleForTesting
    public FanOutSettings(
            String consumerName,
            Duration subscriptionIdleTimeout,
            Duration subscriptionRenewalAge,
            Duration firstBackoff,
            Duration maxBackoff) {
        this.consumerName = consumerName;
        this.subscriptionIdleTimeout = subscriptionIdleTimeout;
        this.subscriptionRenewalAge = subscriptionRenewalAge;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The name of the stream consumer (registered if it does not exist). */
    public String consumerName() {
        return consumerName;
    }

    /** A subscription that delivers no event for this long, while it may, is replaced. */
    public Duration subscriptionIdleTimeout() {
        return subscriptionIdleTimeout;
    }

    /** A subscription this old is renewed. */
    public Duration subscriptionRenewalAge() {
        return subscriptionRenewalAge;
    }

    /** The first wait before subscribing again after an error; it doubles up to the maximum. */
    public Duration firstBackoff() {
        return firstBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FanOutSettings)) {
            return false;
        }
        FanOutSettings that = (FanOutSettings) o;
        return consumerName.equals(that.consumerName)
                && subscriptionIdleTimeout.equals(that.subscriptionIdleTimeout)
                && subscriptionRenewalAge.equals(that.subscriptionRenewalAge)
                && firstBackoff.equals(that.firstBackoff)
                && maxBackoff.equals(that.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumerName, subscriptionIdleTimeout);
    }

    @Override
    public String toString() {
        return "FanOutSettings{consumerName="
                + consumerName
                + ", subscriptionIdleTimeout="
                + subscriptionIdleTimeout
                + ", subscriptionRenewalAge="
                + subscriptionRenewalAge
                + ", firstBackoff="
                + firstBackoff
                + ", maxBackoff="
                + maxBackoff
                + '}';
    }
}
