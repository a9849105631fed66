package io.flinkrw.e2e.bench.sources;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a contender read in one pass, in the JVM that reads: every record passes through {@link
 * #record} on one thread (the Flink sink's, or the plain client loop's), and the main thread waits
 * for the end. A JVM makes one pass to warm up and then the measured one; {@link #current()} is the
 * pass under way (a sink takes it when its job starts).
 *
 * <p>Throughput: counts distinct payload indexes; the interval runs from the first record to the
 * record that completes the set, and the process CPU time is taken at both ends. Latency: for every
 * measured record, the wall clock now minus the publish time in the payload.
 *
 * <p>{@link #result()} fails unless the pass read exactly what it expected: every index once, none
 * twice, none outside the data set (latency: every measured payload once; warm-up ones aside). A
 * reader that loses or repeats records has no throughput worth reporting.
 */
final class ReadRecorder {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static volatile ReadRecorder current;

    private final CountDownLatch first = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final boolean latencyMode;
    private final int expected;
    private final BitSet seen;
    private final long[] latenciesMicros;

    private long distinct;
    private long records;
    private long warmUpRecords;
    private long outOfRange;
    private long firstNanos;
    private long lastNanos;
    private long firstCpuNanos;
    private long lastCpuNanos;
    private ThreadCpuTimes firstThreadCpu;
    private ThreadCpuTimes lastThreadCpu;

    private ReadRecorder(boolean latencyMode, int expected) {
        this.latencyMode = latencyMode;
        this.expected = expected;
        this.seen = new BitSet(expected);
        this.latenciesMicros = latencyMode ? new long[expected] : null;
    }

    /** Starts a pass that expects {@code count} distinct throughput payloads. */
    static ReadRecorder startThroughput(int count) {
        current = new ReadRecorder(false, count);
        return current;
    }

    /** Starts a pass that expects {@code count} measured latency payloads (warm-up ones aside). */
    static ReadRecorder startLatency(int count) {
        current = new ReadRecorder(true, count);
        return current;
    }

    /** The pass under way. */
    static ReadRecorder current() {
        return current;
    }

    /** Called for every record read, on one thread. */
    void record(byte[] payload) {
        records++;
        if (records == 1) {
            first.countDown();
        }
        if (latencyMode) {
            recordLatency(payload);
        } else {
            recordThroughput(payload);
        }
    }

    private void recordThroughput(byte[] payload) {
        long index = BenchPayloads.index(payload);
        if (index < 0 || index >= expected) {
            outOfRange++;
            return;
        }
        if (seen.get((int) index)) {
            return;
        }
        seen.set((int) index);
        distinct++;
        if (distinct == 1) {
            firstThreadCpu = ThreadCpuTimes.now();
            firstCpuNanos = OS.getProcessCpuTime();
            firstNanos = System.nanoTime();
        }
        if (distinct == expected) {
            lastNanos = System.nanoTime();
            lastCpuNanos = OS.getProcessCpuTime();
            lastThreadCpu = ThreadCpuTimes.now();
            done.countDown();
        }
    }

    private void recordLatency(byte[] payload) {
        if (BenchPayloads.phase(payload) != BenchPayloads.MEASURED) {
            warmUpRecords++;
            return;
        }
        long latency = BenchPayloads.nowMicros() - BenchPayloads.publishMicros(payload);
        long index = BenchPayloads.latencyIndex(payload);
        if (index < 0 || index >= expected) {
            outOfRange++;
            return;
        }
        if (seen.get((int) index)) {
            return;
        }
        seen.set((int) index);
        latenciesMicros[(int) distinct] = latency;
        distinct++;
        if (distinct == expected) {
            done.countDown();
        }
    }

    /** Waits for the first record; false after {@code timeout}. */
    boolean awaitFirst(Duration timeout) throws InterruptedException {
        return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until every expected record was read; false after {@code timeout}. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The result, once {@link #isDone()} and the reader has stopped (so that whatever it read after
     * the last expected record counts too).
     *
     * @throws IllegalStateException when the pass did not read exactly what it expected
     */
    Map<String, String> result() {
        long duplicates = records - distinct - warmUpRecords - outOfRange;
        if (distinct != expected || duplicates != 0 || outOfRange != 0) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "Read %,d distinct of %,d expected records, %,d duplicates and %,d"
                                    + " records that are not in the data set (%,d in all)",
                            distinct,
                            expected,
                            duplicates,
                            outOfRange,
                            records - warmUpRecords));
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("records", String.valueOf(distinct));
        result.put("duplicates", String.valueOf(duplicates));
        if (latencyMode) {
            long[] sorted = Arrays.copyOf(latenciesMicros, expected);
            Arrays.sort(sorted);
            result.put("p50_ms", millis(percentile(sorted, 50)));
            result.put("p99_ms", millis(percentile(sorted, 99)));
            result.put("max_ms", millis(sorted[sorted.length - 1]));
            result.put("min_ms", millis(sorted[0]));
        } else {
            double seconds = (lastNanos - firstNanos) / 1e9;
            double cpuSeconds = (lastCpuNanos - firstCpuNanos) / 1e9;
            result.put("seconds", format(seconds));
            result.put("records_per_s", format((expected - 1) / seconds));
            result.put("cpu_s", format(cpuSeconds));
            result.put("cpu_s_per_million", format(cpuSeconds / (expected - 1) * 1_000_000));
        }
        return result;
    }

    /** Throughput: the threads that used the most CPU in the measured interval. */
    List<String> busiestThreads() {
        return lastThreadCpu == null ? List.of() : lastThreadCpu.busiestSince(firstThreadCpu, 12);
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String millis(long micros) {
        return format(micros / 1000.0);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
