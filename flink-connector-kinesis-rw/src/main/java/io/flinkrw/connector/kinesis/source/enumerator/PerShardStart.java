package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.config.KinesisConnectorOptions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What per-shard {@code scan.startup.sequence_number} means for the first listing: a listed shard
 * starts after its number, so its ancestors that are not listed themselves were read to their end
 * and count as finished. A listed shard the listing does not have is an error when its id is not
 * newer than every listed shard (a typo, or a shard past its retention): it can never appear; a
 * newer id may be a shard a later reshard creates, and only gets a warning.
 */
@Internal
final class PerShardStart {

    private static final Logger LOG = LoggerFactory.getLogger(PerShardStart.class);

    private PerShardStart() {}

    /**
     * The shards of {@code listing} that count as finished: the ancestors of the shards in {@code
     * positioned} that have no position themselves.
     *
     * @throws FlinkRuntimeException when {@code positioned} names a shard that cannot appear
     */
    static Set<String> finishedAncestors(
            String stream,
            List<Shard> listing,
            Set<String> positioned,
            Comparator<String> shardIdOrder) {
        Map<String, Shard> byId = new HashMap<>();
        String newest = null;
        for (Shard shard : listing) {
            byId.put(shard.shardId(), shard);
            if (newest == null || shardIdOrder.compare(shard.shardId(), newest) > 0) {
                newest = shard.shardId();
            }
        }
        checkListed(stream, byId.keySet(), positioned, newest, shardIdOrder);
        Set<String> finished = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        for (String id : positioned) {
            if (byId.containsKey(id)) {
                toVisit.addAll(parents(byId.get(id)));
            }
        }
        while (!toVisit.isEmpty()) {
            String id = toVisit.poll();
            if (positioned.contains(id) || !finished.add(id)) {
                continue;
            }
            Shard shard = byId.get(id);
            if (shard != null) {
                toVisit.addAll(parents(shard));
            }
        }
        return finished;
    }

    private static void checkListed(
            String stream,
            Set<String> listed,
            Set<String> positioned,
            String newest,
            Comparator<String> shardIdOrder) {
        List<String> impossible = new ArrayList<>();
        List<String> future = new ArrayList<>();
        for (String id : positioned) {
            if (!listed.contains(id)) {
                (newest != null && shardIdOrder.compare(id, newest) > 0 ? future : impossible)
                        .add(id);
            }
        }
        String key = KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER.key();
        if (!impossible.isEmpty()) {
            throw new FlinkRuntimeException(
                    String.format(
                            "Option '%s' gives positions for shards %s that Kinesis stream '%s'"
                                    + " does not have (its shards: %s). Remove them: a shard"
                                    + " past its retention period has nothing left to read (its"
                                    + " children are read from their earliest record unless they"
                                    + " have a position).",
                            key, impossible, stream, sorted(listed, shardIdOrder)));
        }
        if (!future.isEmpty()) {
            LOG.warn(
                    "Option '{}' gives positions for shards {} that stream {} does not have yet;"
                            + " they apply if a reshard creates them",
                    key,
                    future,
                    stream);
        }
    }

    private static List<String> parents(Shard shard) {
        List<String> parents = new ArrayList<>(2);
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        return parents;
    }

    private static List<String> sorted(Set<String> ids, Comparator<String> order) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(order);
        return sorted;
    }
}
