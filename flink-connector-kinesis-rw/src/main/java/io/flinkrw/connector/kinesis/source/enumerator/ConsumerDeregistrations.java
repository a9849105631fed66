package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Deregisters the stream consumers that enumerators registered, a grace period after the enumerator
 * closed, unless a new enumerator of the same source claims the consumer first.
 *
 * <p>An enumerator cannot tell why it is closed. On a global failover the JobManager closes it and
 * at once creates a new one, which claims the consumer: it stays, and the restarted readers find it
 * active (no register/deregister race). When the job finished or was cancelled no new enumerator
 * comes, and the consumer is deregistered after the grace period, or when the JobManager's JVM
 * shuts down, whichever is first.
 */
@Internal
public final class ConsumerDeregistrations {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDeregistrations.class);

    /** How long a closed enumerator's consumer waits for a successor. */
    public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

    /** The JVM's one instance. */
    static final ConsumerDeregistrations INSTANCE =
            new ConsumerDeregistrations(GRACE_PERIOD, ConsumerDeregistrations::newExecutor, true);

    private final Duration grace;
    private final Supplier<ScheduledExecutorService> executorFactory;
    private final boolean runAtShutdown;
    private final Map<String, Pending> pending = new HashMap<>();
    @Nullable private ScheduledExecutorService executor;
    @Nullable private Thread shutdownHook;

    @VisibleForTesting
    ConsumerDeregistrations(
            Duration grace,
            Supplier<ScheduledExecutorService> executorFactory,
            boolean runAtShutdown) {
        this.grace = grace;
        this.executorFactory = executorFactory;
        this.runAtShutdown = runAtShutdown;
    }

    /**
     * Deregisters {@code consumerArn} through {@code proxy} (which it then closes) after the grace
     * period, unless {@link #claim} takes it first.
     *
     * @param key what identifies the consumer across enumerators: endpoint, region, stream, name
     */
    synchronized void deregisterLater(String key, String consumerArn, StreamProxy proxy) {
        Pending previous = pending.remove(key);
        if (previous != null) {
            previous.discard();
        }
        if (executor == null) {
            executor = executorFactory.get();
        }
        StreamConsumerRegistrar.loadDeregistrationClasses();
        Pending entry = new Pending(key, consumerArn, proxy);
        entry.future = executor.schedule(() -> run(entry), grace.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(key, entry);
        LOG.info(
                "Stream consumer {} will be deregistered in {} s unless the job restarts",
                consumerArn,
                grace.toSeconds());
        if (runAtShutdown && shutdownHook == null) {
            shutdownHook = new Thread(this::runAllNow, "kinesis-consumer-deregistration");
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already.
                shutdownHook = null;
            }
        }
    }

    /**
     * Takes the pending deregistration of {@code key}, if any: the consumer stays registered, and
     * the caller now owns it.
     *
     * @return the ARN of the consumer that was to be deregistered, or {@code null}
     */
    @Nullable
    synchronized String claim(String key) {
        Pending entry = pending.remove(key);
        if (entry == null) {
            return null;
        }
        entry.discard();
        LOG.info(
                "Stream consumer {} stays registered: the source started again", entry.consumerArn);
        removeShutdownHookIfIdle();
        return entry.consumerArn;
    }

    @VisibleForTesting
    synchronized boolean isPending(String key) {
        return pending.containsKey(key);
    }

    private void run(Pending entry) {
        synchronized (this) {
            if (pending.get(entry.key) != entry) {
                return;
            }
            pending.remove(entry.key);
            removeShutdownHookIfIdle();
        }
        entry.deregister();
    }

    private void runAllNow() {
        List<Pending> all;
        synchronized (this) {
            all = new ArrayList<>(pending.values());
            pending.clear();
            shutdownHook = null;
        }
        for (Pending entry : all) {
            entry.cancel();
            entry.deregister();
        }
    }

    private void removeShutdownHookIfIdle() {
        if (pending.isEmpty() && shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs and finds nothing.
            }
            shutdownHook = null;
        }
    }

    private static ScheduledExecutorService newExecutor() {
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(
                        1,
                        runnable -> {
                            Thread thread = new Thread(runnable, "kinesis-consumer-deregistration");
                            thread.setDaemon(true);
                            return thread;
                        });
        executor.setKeepAliveTime(30, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** One consumer waiting to be deregistered. */
    private static final class Pending {
        final String key;
        final String consumerArn;
        final StreamProxy proxy;
        @Nullable ScheduledFuture<?> future;

        Pending(String key, String consumerArn, StreamProxy proxy) {
            this.key = key;
            this.consumerArn = consumerArn;
            this.proxy = proxy;
        }

        void cancel() {
            if (future != null) {
                future.cancel(false);
            }
        }

        /** Not to be deregistered after all. */
        void discard() {
            cancel();
            proxy.close();
        }

        void deregister() {
            try {
                StreamConsumerRegistrar.deregister(proxy, consumerArn);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn(
                        "Could not deregister stream consumer {}; deregister it yourself, it is"
                                + " billed while it exists",
                        consumerArn,
                        e);
            } finally {
                proxy.close();
            }
        }
    }
}
