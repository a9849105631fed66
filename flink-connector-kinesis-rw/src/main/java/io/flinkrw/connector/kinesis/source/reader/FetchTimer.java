package io.flinkrw.connector.kinesis.source.reader;

import org.apache.flink.annotation.Internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The clock of a fetcher and its one way to wait: until a deadline, until {@link #wakeUp()}, or
 * until {@link #signal()} says there is something new to look at. Tests replace it with a manual
 * clock.
 */
@Internal
public class FetchTimer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();
    private boolean wakeUpRequested;
    private boolean signalled;

    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Waits up to {@code nanos}, or until {@link #wakeUp()} or {@link #signal()} (also ones that
     * came before this call).
     *
     * @return whether a wake-up ended the wait (and was consumed); a signal is consumed too
     */
    public boolean await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (!wakeUpRequested && !signalled && remaining > 0) {
                remaining = condition.awaitNanos(remaining);
            }
            boolean woken = wakeUpRequested;
            wakeUpRequested = false;
            signalled = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current or the next {@link #await} as a wake-up. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the current or the next {@link #await} early, not as a wake-up: something arrived. Never
     * blocks beyond the lock's brief hold, so network threads may call it.
     */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
