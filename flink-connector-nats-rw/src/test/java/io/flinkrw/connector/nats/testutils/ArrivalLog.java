package io.flinkrw.connector.nats.testutils;

import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a job's results on its own thread and records, for each message, how long it waited between
 * being stored by the server and arriving here: the longest wait is how long the reader stalled
 * while messages were available. It also records the longest gap between two consecutive arrivals.
 * The job must use {@link #deserializer()}.
 */
public final class ArrivalLog implements AutoCloseable {

    private static final char SEPARATOR = '|';

    private final CloseableIterator<String> results;
    private final List<String> payloads = new ArrayList<>();
    private final Thread thread;
    private long firstArrivalMillis = -1;
    private long lastArrivalMillis = -1;
    private long maxGapMillis;
    private String afterGap = "";
    private long maxWaitMillis;
    private String slowest = "";
    private volatile Throwable failure;

    public ArrivalLog(CloseableIterator<String> results) {
        this.results = results;
        this.thread = new Thread(this::run, "arrival-log");
        this.thread.setDaemon(true);
    }

    /** Starts reading; call it after the job was submitted. */
    public ArrivalLog start() {
        thread.start();
        return this;
    }

    /** Payload plus the message's stored time, for {@link ArrivalLog}. */
    public static NatsRecordDeserializer<String> deserializer() {
        return new StoredTimeDeserializer();
    }

    private void run() {
        try {
            while (results.hasNext()) {
                String value = results.next();
                long now = System.currentTimeMillis();
                int at = value.lastIndexOf(SEPARATOR);
                String payload = value.substring(0, at);
                long stored = Long.parseLong(value.substring(at + 1));
                synchronized (this) {
                    payloads.add(payload);
                    if (firstArrivalMillis < 0) {
                        firstArrivalMillis = now;
                    } else if (now - lastArrivalMillis > maxGapMillis) {
                        maxGapMillis = now - lastArrivalMillis;
                        afterGap = payload;
                    }
                    lastArrivalMillis = now;
                    // What waited for the job to start is no stall of the reader.
                    if (stored >= firstArrivalMillis && now - stored > maxWaitMillis) {
                        maxWaitMillis = now - stored;
                        slowest = payload;
                    }
                    notifyAll();
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Waits until at least {@code count} results arrived; fails after {@code timeout}. */
    public synchronized void awaitCount(int count, Duration timeout) throws InterruptedException {
        awaitUntil(() -> payloads.size() >= count, count + " messages", timeout);
    }

    /** Waits until {@code payload} arrived; fails after {@code timeout}. */
    public synchronized void awaitPayload(String payload, Duration timeout)
            throws InterruptedException {
        awaitUntil(() -> payloads.contains(payload), "'" + payload + "'", timeout);
    }

    private void awaitUntil(BooleanSupplier condition, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || failure != null) {
                throw new AssertionError(
                        "Read "
                                + payloads.size()
                                + " messages, not "
                                + what
                                + ", within "
                                + timeout
                                + (failure == null ? "" : ": " + failure));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized List<String> payloads() {
        return new ArrayList<>(payloads);
    }

    public synchronized int count() {
        return payloads.size();
    }

    /**
     * The longest time a message stored after the first arrival waited between being stored and
     * arriving.
     */
    public synchronized Duration maxWait() {
        return Duration.ofMillis(maxWaitMillis);
    }

    /** The longest time between two consecutive arrivals. */
    public synchronized Duration maxGap() {
        return Duration.ofMillis(maxGapMillis);
    }

    /** The payload that arrived after the longest gap. */
    public synchronized String afterGap() {
        return afterGap;
    }

    /** The payload that waited longest. */
    public synchronized String slowest() {
        return slowest;
    }

    @Override
    public void close() throws Exception {
        results.close();
        thread.join(10_000);
    }

    private static final class StoredTimeDeserializer implements NatsRecordDeserializer<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(NatsRecord record, Collector<String> out) {
            out.collect(
                    new String(record.payload(), StandardCharsets.UTF_8)
                            + SEPARATOR
                            + record.timestampMillis());
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
