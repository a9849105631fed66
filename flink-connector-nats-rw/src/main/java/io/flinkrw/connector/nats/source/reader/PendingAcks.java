package io.flinkrw.connector.nats.source.reader;

import org.apache.flink.annotation.Internal;

import io.nats.client.api.AckPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The deliveries to ack once the checkpoint that covers them completes (RisingWave acks after each
 * committed barrier the same way): with ack policy {@code explicit} every delivery, with {@code
 * all} only the last one per split. Used on the task thread only.
 */
@Internal
final class PendingAcks {

    private static final Logger LOG = LoggerFactory.getLogger(PendingAcks.class);

    private final AckPolicy policy;
    private Map<String, List<String>> sinceLastCheckpoint = new HashMap<>();
    private final NavigableMap<Long, Map<String, List<String>>> byCheckpoint = new TreeMap<>();

    PendingAcks(AckPolicy policy) {
        this.policy = policy;
    }

    boolean isEnabled() {
        return policy != AckPolicy.None;
    }

    /** Remembers a delivery handed to Flink (or skipped as already emitted). */
    void add(String splitId, String ackSubject) {
        List<String> subjects =
                sinceLastCheckpoint.computeIfAbsent(splitId, k -> new ArrayList<>());
        if (policy == AckPolicy.All) {
            subjects.clear();
        }
        subjects.add(ackSubject);
    }

    /** The deliveries so far belong to checkpoint {@code checkpointId}. */
    void checkpoint(long checkpointId) {
        if (!sinceLastCheckpoint.isEmpty()) {
            byCheckpoint.put(checkpointId, sinceLastCheckpoint);
            sinceLastCheckpoint = new HashMap<>();
        }
    }

    /** Acks what checkpoints up to {@code checkpointId} cover; returns how many acks it sent. */
    int complete(long checkpointId, Predicate<String> ack) {
        Map<String, List<String>> due = new HashMap<>();
        Iterator<Map<String, List<String>>> covered =
                byCheckpoint.headMap(checkpointId, true).values().iterator();
        while (covered.hasNext()) {
            Map<String, List<String>> acks = covered.next();
            acks.forEach(
                    (split, subjects) -> {
                        List<String> list = due.computeIfAbsent(split, k -> new ArrayList<>());
                        if (policy == AckPolicy.All) {
                            list.clear();
                        }
                        list.addAll(subjects);
                    });
            covered.remove();
        }
        int sent = 0;
        int failed = 0;
        for (List<String> subjects : due.values()) {
            for (String subject : subjects) {
                if (ack.test(subject)) {
                    sent++;
                } else {
                    failed++;
                }
            }
        }
        if (failed > 0) {
            LOG.warn(
                    "Could not send {} acks for checkpoint {}: the server redelivers those messages"
                            + " after ack_wait and the reader skips them",
                    failed,
                    checkpointId);
        }
        return sent;
    }
}
