package io.flinkrw.common.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.Preconditions;

/**
 * Stops one source reader after it has emitted a number of records: a table's pushed-down {@code
 * LIMIT} on a bounded read. The reader's emitter counts what it emits and drops what follows; the
 * split reader, seeing the limit reached, finishes its splits instead of reading on. The planner
 * keeps its own limit above the source, so each reader stopping after the limit is enough.
 *
 * <p>One instance per reader: the task thread counts, the fetcher thread reads.
 */
@Internal
public final class RecordLimit {

    /** The limit of a source that has none. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final long limit;
    private volatile long emitted;

    public RecordLimit(long limit) {
        Preconditions.checkArgument(limit >= 0, "A record limit is not negative: %s", limit);
        this.limit = limit;
    }

    /** Whether there is a limit at all. */
    public boolean isLimited() {
        return limit != UNLIMITED;
    }

    /** Counts one emitted record; only the reader's task thread calls this. */
    public void recordEmitted() {
        if (limit != UNLIMITED) {
            // One writer, so the plain increment is safe; volatile publishes it to the fetcher.
            emitted = emitted + 1;
        }
    }

    /** Whether the reader has emitted as many records as the limit allows. */
    public boolean isReached() {
        return emitted >= limit;
    }

    @Override
    public String toString() {
        return isLimited() ? "RecordLimit{" + emitted + " of " + limit + '}' : "unlimited";
    }
}
