package io.flinkrw.connector.kinesis.source.reader;

import java.util.ArrayList;
import java.util.List;

/**
 * A fetch timer whose clock moves only when the fetcher waits, by exactly the wait, or when the
 * test moves it. A signal ends a wait at once, without moving the clock.
 */
final class ManualFetchTimer extends FetchTimer {

    private long now = 1_000_000_000L;
    private boolean wakeUpRequested;
    private boolean signalled;
    private final List<Long> waits = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean await(long nanos) {
        if (wakeUpRequested) {
            wakeUpRequested = false;
            signalled = false;
            return true;
        }
        if (signalled) {
            signalled = false;
            return false;
        }
        if (nanos == Long.MAX_VALUE) {
            throw new AssertionError("The fetcher would wait forever");
        }
        waits.add(nanos);
        now += nanos;
        return false;
    }

    @Override
    public void wakeUp() {
        wakeUpRequested = true;
    }

    @Override
    public void signal() {
        signalled = true;
    }

    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    /** The waits so far, in milliseconds. */
    List<Long> waitsMillis() {
        List<Long> millis = new ArrayList<>();
        waits.forEach(n -> millis.add(n / 1_000_000L));
        return millis;
    }

    long elapsedMillisSince(long startNanos) {
        return (now - startNanos) / 1_000_000L;
    }
}
