package io.flinkrw.connector.nats.testutils;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes {@code prefix-0}, {@code prefix-1}, ... to one subject at a steady rate on its own
 * thread, through servers that may fail: each message carries its payload as message id, and a
 * publish that fails is retried until the server acks it, so the stream's duplicate window keeps
 * every payload exactly once. {@link #published()} is what the server acknowledged.
 */
public final class SteadyPublisher implements AutoCloseable {

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    private final Options options;
    private final String subject;
    private final String prefix;
    private final long intervalNanos;
    private final int count;
    private final List<String> published = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger retries = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * @param count how many to publish at most (until {@link #stop()})
     */
    public SteadyPublisher(
            Options.Builder options, String subject, String prefix, int perSecond, int count) {
        this.options = options.maxReconnects(-1).build();
        this.subject = subject;
        this.prefix = prefix;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.count = count;
        this.thread = new Thread(this::run, "steady-publisher-" + prefix);
        this.thread.setDaemon(true);
    }

    public SteadyPublisher start() {
        thread.start();
        return this;
    }

    private void run() {
        try (Connection connection = Nats.connect(options)) {
            JetStream js = connection.jetStream();
            long next = System.nanoTime();
            for (int i = 0; i < count && !stopping.get(); i++) {
                String payload = prefix + "-" + i;
                publishUntilAcked(js, payload);
                synchronized (published) {
                    published.add(payload);
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void publishUntilAcked(JetStream js, String payload) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        PublishOptions id = PublishOptions.builder().messageId(payload).build();
        while (true) {
            try {
                js.publish(subject, payload.getBytes(StandardCharsets.UTF_8), id);
                return;
            } catch (Exception e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Could not publish " + payload, e);
                }
                retries.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Stops publishing after the message in hand is acknowledged, and waits for that. */
    public void stop() throws Exception {
        stopping.set(true);
        awaitDone(GIVE_UP_AFTER.plusSeconds(30));
    }

    /** Waits until all {@code count} messages are acknowledged (or it was stopped). */
    public void awaitDone(Duration timeout) throws Exception {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("The publisher did not finish within " + timeout);
        }
        if (failure != null) {
            throw new AssertionError("The publisher failed", failure);
        }
    }

    /** The payloads the server acknowledged, in order. */
    public List<String> published() {
        synchronized (published) {
            return new ArrayList<>(published);
        }
    }

    public int publishedCount() {
        synchronized (published) {
            return published.size();
        }
    }

    /** Publishes that failed and were retried. */
    public int retries() {
        return retries.get();
    }

    @Override
    public void close() throws Exception {
        stopping.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
