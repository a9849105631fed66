package io.flinkrw.e2e.bench.sources;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a contender read, in the JVM that reads: every record passes through {@link #record} on one
 * thread (the Flink sink's, or the plain client loop's), and the main thread waits for the end.
 *
 * <p>Throughput: counts distinct payload indexes; the interval runs from the first record to the
 * record that completes the set, and the process CPU time is taken at both ends. Latency: for every
 * measured record, the wall clock now minus the publish time in the payload.
 */
final class ReadRecorder {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final CountDownLatch FIRST = new CountDownLatch(1);
    private static final CountDownLatch DONE = new CountDownLatch(1);

    private static boolean latencyMode;
    private static int expected;
    private static BitSet seen;
    private static long distinct;
    private static long records;
    private static long warmUpRecords;
    private static long firstNanos;
    private static long lastNanos;
    private static long firstCpuNanos;
    private static long lastCpuNanos;
    private static long[] latenciesMicros;

    private ReadRecorder() {}

    /** Expects {@code count} distinct throughput payloads. */
    static void expectThroughput(int count) {
        latencyMode = false;
        expected = count;
        seen = new BitSet(count);
    }

    /** Expects {@code count} measured latency payloads (warm-up payloads are not counted). */
    static void expectLatency(int count) {
        latencyMode = true;
        expected = count;
        seen = new BitSet(count);
        latenciesMicros = new long[count];
    }

    /** Called for every record read, on one thread. */
    static void record(byte[] payload) {
        records++;
        if (records == 1) {
            FIRST.countDown();
        }
        if (latencyMode) {
            recordLatency(payload);
        } else {
            recordThroughput(payload);
        }
    }

    private static void recordThroughput(byte[] payload) {
        int index = (int) BenchPayloads.index(payload);
        if (seen.get(index)) {
            return;
        }
        seen.set(index);
        distinct++;
        if (distinct == 1) {
            firstCpuNanos = OS.getProcessCpuTime();
            firstNanos = System.nanoTime();
        }
        if (distinct == expected) {
            lastNanos = System.nanoTime();
            lastCpuNanos = OS.getProcessCpuTime();
            DONE.countDown();
        }
    }

    private static void recordLatency(byte[] payload) {
        if (BenchPayloads.phase(payload) != BenchPayloads.MEASURED) {
            warmUpRecords++;
            return;
        }
        long latency = BenchPayloads.nowMicros() - BenchPayloads.publishMicros(payload);
        int index = (int) BenchPayloads.latencyIndex(payload);
        if (seen.get(index)) {
            return;
        }
        seen.set(index);
        latenciesMicros[(int) distinct] = latency;
        distinct++;
        if (distinct == expected) {
            DONE.countDown();
        }
    }

    /** Waits for the first record; false after {@code timeout}. */
    static boolean awaitFirst(Duration timeout) throws InterruptedException {
        return FIRST.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static boolean isDone() {
        return DONE.getCount() == 0;
    }

    /** Waits until every expected record was read; false after {@code timeout}. */
    static boolean awaitDone(Duration timeout) throws InterruptedException {
        return DONE.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The result, after {@link #awaitDone} returned true. */
    static Map<String, String> result() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("records", String.valueOf(expected));
        result.put("duplicates", String.valueOf(records - distinct - warmUpRecords));
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
