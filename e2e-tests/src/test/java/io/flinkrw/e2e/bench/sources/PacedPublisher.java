package io.flinkrw.e2e.bench.sources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Publishes latency payloads at a fixed rate: every tick it sends the payloads that are due by
 * then, each stamped just before it is sent. First a warm-up phase (not measured) until the reader
 * is warm, then exactly {@code rate * seconds} measured payloads.
 */
final class PacedPublisher {

    /** Sends one tick's payloads. */
    interface Sender {
        void send(List<byte[]> payloads) throws Exception;
    }

    private final Sender sender;
    private final int ratePerSecond;
    private final long tickNanos;
    private final int size;

    private long maxBehindNanos;

    PacedPublisher(Sender sender, int ratePerSecond, Duration tick, int size) {
        this.sender = sender;
        this.ratePerSecond = ratePerSecond;
        this.tickNanos = tick.toNanos();
        this.size = size;
    }

    /**
     * Publishes warm-up payloads until {@code warm} holds, then the measured ones for {@code
     * seconds}; returns what it achieved.
     */
    Map<String, Object> run(BooleanSupplier warm, Duration warmUpLimit, int seconds)
            throws Exception {
        long warmUpStart = System.nanoTime();
        long warmUpSent =
                phase(
                        BenchPayloads.WARM_UP,
                        Long.MAX_VALUE,
                        () -> {
                            if (System.nanoTime() - warmUpStart > warmUpLimit.toNanos()) {
                                throw new IllegalStateException(
                                        "The reader did not warm up within " + warmUpLimit);
                            }
                            return warm.getAsBoolean();
                        });
        maxBehindNanos = 0;
        long measuredStart = System.nanoTime();
        long measured = (long) ratePerSecond * seconds;
        phase(BenchPayloads.MEASURED, measured, () -> false);
        double elapsed = (System.nanoTime() - measuredStart) / 1e9;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("warm_up_records", warmUpSent);
        stats.put("measured_records", measured);
        stats.put("publish_seconds", round(elapsed));
        stats.put("achieved_rate", round(measured / elapsed));
        stats.put("max_behind_schedule_ms", round(maxBehindNanos / 1e6));
        return stats;
    }

    /** Sends {@code limit} payloads of {@code phase} at the rate, or until {@code stop} holds. */
    private long phase(byte phase, long limit, BooleanSupplier stop) throws Exception {
        long start = System.nanoTime();
        long sent = 0;
        while (sent < limit && !stop.getAsBoolean()) {
            long now = System.nanoTime();
            long due = Math.min(limit, (now - start) * ratePerSecond / 1_000_000_000L + 1);
            if (due > sent) {
                long scheduled = start + (sent * 1_000_000_000L) / ratePerSecond;
                maxBehindNanos = Math.max(maxBehindNanos, now - scheduled);
                List<byte[]> payloads = new ArrayList<>((int) (due - sent));
                for (long index = sent; index < due; index++) {
                    payloads.add(BenchPayloads.timed(index, phase, size));
                }
                sender.send(payloads);
                sent = due;
            }
            LockSupport.parkNanos(Math.max(0, now + tickNanos - System.nanoTime()));
        }
        return sent;
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
    }
}
