package io.flinkrw.connector.kinesis.source.reader;

import org.apache.flink.annotation.Internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clock of a fetcher and its one way to wait: until a deadline or until {@link #wakeUp()}.
 * Tests replace it with a manual clock.
 */
@Internal
public class FetchTimer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUpSignal = lock.newCondition();
    private boolean wakeUpRequested;

    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Waits up to {@code nanos}, or until {@link #wakeUp()} (also one that came before this call).
     *
     * @return whether a wake-up ended the wait (and was consumed)
     */
    public boolean await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (!wakeUpRequested && remaining > 0) {
                remaining = wakeUpSignal.awaitNanos(remaining);
            }
            boolean woken = wakeUpRequested;
            wakeUpRequested = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current or the next {@link #await}. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            wakeUpSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
