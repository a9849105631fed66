package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;

import io.nats.client.ReconnectDelayHandler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect waits that double from an initial backoff up to a maximum, with 20% jitter so that many
 * readers do not reconnect in lockstep after a server restart.
 */
@Internal
final class ExponentialReconnectDelay implements ReconnectDelayHandler {

    private static final double JITTER = 0.2;

    private final long initialNanos;
    private final long maxNanos;

    ExponentialReconnectDelay(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public Duration getWaitTime(long totalTries) {
        int doublings = (int) Math.min(Math.max(totalTries - 1, 0), 30);
        long base = initialNanos;
        for (int i = 0; i < doublings && base < maxNanos; i++) {
            base *= 2;
        }
        base = Math.min(base, maxNanos);
        double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofNanos((long) (base * factor));
    }
}
