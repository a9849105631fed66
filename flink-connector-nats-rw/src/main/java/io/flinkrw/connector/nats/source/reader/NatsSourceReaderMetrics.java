package io.flinkrw.connector.nats.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reader's metrics beyond what Flink counts itself: {@code numBytesIn}, the standard {@code
 * pendingRecords} (messages not yet read, summed over the reader's splits) and, per split, {@code
 * split.<subject>.pendingMessages}: the consumer lag, taken from each message's JetStream metadata
 * at no extra cost.
 */
@Internal
final class NatsSourceReaderMetrics {

    static final String SPLIT_GROUP = "split";
    static final String PENDING_MESSAGES = "pendingMessages";

    private final SourceReaderMetricGroup group;
    private final Counter bytesIn;
    private final Map<String, AtomicLong> pendingBySplit = new ConcurrentHashMap<>();

    NatsSourceReaderMetrics(SourceReaderMetricGroup group) {
        this.group = group;
        this.bytesIn = group.getIOMetricGroup().getNumBytesInCounter();
        group.setPendingRecordsGauge(this::totalPending);
    }

    /** Registers a split's gauge the first time the reader gets the split. */
    void addSplit(String splitId) {
        pendingBySplit.computeIfAbsent(
                splitId,
                id -> {
                    AtomicLong pending = new AtomicLong();
                    group.addGroup(SPLIT_GROUP, id).gauge(PENDING_MESSAGES, pending::get);
                    return pending;
                });
    }

    void recordEmitted(String splitId, long pendingMessages, int bytes) {
        bytesIn.inc(bytes);
        AtomicLong pending = pendingBySplit.get(splitId);
        if (pending != null) {
            pending.set(pendingMessages);
        }
    }

    void splitFinished(String splitId) {
        AtomicLong pending = pendingBySplit.get(splitId);
        if (pending != null) {
            pending.set(0);
        }
    }

    private long totalPending() {
        long total = 0;
        for (AtomicLong pending : pendingBySplit.values()) {
            total += pending.get();
        }
        return total;
    }
}
