package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader's I/O, whatever the fetch strategy: keeps the assigned shards, takes batches from the
 * {@link ShardFetcher}, applies the bounded stop rule, splits KPL aggregated records into their
 * user records ({@link KplDeaggregator}), reports finished shards and updates the per-shard lag. A
 * batch with nothing to emit does not bother the reader thread.
 *
 * <p>The bounded stop rule ({@code scan.bounded.mode = latest}): a shard stops before the first
 * record that arrived at or after the split's stopping arrival time, or at an empty read that is
 * not behind the tip ({@code MillisBehindLatest} 0), or at its end when it is closed.
 */
@Internal
public final class KinesisShardSplitReader
        implements SplitReader<KinesisRecord, KinesisShardSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisShardSplitReader.class);

    private final ShardFetcher fetcher;
    private final KinesisSourceReaderMetrics metrics;
    @Nullable private final KplDeaggregator deaggregator;
    private final RecordLimit limit;
    private final Map<String, AssignedShard> splits = new HashMap<>();
    private final Set<String> removedSplits = new LinkedHashSet<>();

    public KinesisShardSplitReader(
            ShardFetcher fetcher, KinesisSourceReaderMetrics metrics, boolean deaggregate) {
        this(fetcher, metrics, deaggregate, new RecordLimit(RecordLimit.UNLIMITED));
    }

    /**
     * @param deaggregate whether KPL aggregated records are split into their user records
     * @param limit once the reader has emitted this many records, every split finishes
     */
    public KinesisShardSplitReader(
            ShardFetcher fetcher,
            KinesisSourceReaderMetrics metrics,
            boolean deaggregate,
            RecordLimit limit) {
        this.fetcher = fetcher;
        this.metrics = metrics;
        this.deaggregator = deaggregate ? new KplDeaggregator() : null;
        this.limit = limit;
    }

    @Override
    public RecordsWithSplitIds<KinesisRecord> fetch() throws IOException {
        RecordsBySplits.Builder<KinesisRecord> result = new RecordsBySplits.Builder<>();
        if (limit.isReached() && !splits.isEmpty()) {
            LOG.info(
                    "The reader emitted its limit of records; finishing shards {}",
                    splits.keySet());
            for (String splitId : splits.keySet()) {
                fetcher.removeShard(splitId);
                metrics.shardFinished(splitId);
                result.addFinishedSplit(splitId);
            }
            splits.clear();
            return result.build();
        }
        if (!removedSplits.isEmpty()) {
            removedSplits.forEach(result::addFinishedSplit);
            removedSplits.clear();
            return result.build();
        }
        while (true) {
            ShardBatch batch = fetcher.next();
            if (batch == null) {
                return result.build();
            }
            AssignedShard shard = splits.get(batch.shardId());
            if (shard == null) {
                continue;
            }
            KinesisShardSplit split = shard.split;
            if (batch.millisBehindLatest() != null) {
                metrics.setMillisBehindLatest(batch.shardId(), batch.millisBehindLatest());
            }
            List<KinesisRecord> records = batch.records();
            boolean finished = batch.shardEnded();
            if (split.isBounded()) {
                // Also the batch that ends a shard: its records may have arrived after the stop.
                int end = firstAtOrAfter(records, split.stoppingArrivalMillis());
                boolean stopped = end < records.size() || (records.isEmpty() && caughtUp(batch));
                records = records.subList(0, end);
                if (stopped && !finished) {
                    LOG.info("Shard {} reached the end of the bounded read", split.shardId());
                    fetcher.removeShard(split.shardId());
                    finished = true;
                }
            }
            for (KinesisRecord record : deaggregate(shard, records)) {
                result.add(split.splitId(), record);
            }
            if (finished) {
                splits.remove(split.splitId());
                metrics.shardFinished(split.shardId());
                result.addFinishedSplit(split.splitId());
            }
            if (!records.isEmpty() || finished) {
                return result.build();
            }
        }
    }

    private List<KinesisRecord> deaggregate(AssignedShard shard, List<KinesisRecord> records) {
        if (deaggregator == null || records.isEmpty()) {
            return records;
        }
        List<KinesisRecord> userRecords = new ArrayList<>(records.size());
        int dropped = 0;
        for (KinesisRecord record : records) {
            dropped +=
                    deaggregator.deaggregate(
                            record, shard.startingHashKey(), shard.endingHashKey(), userRecords);
        }
        if (dropped > 0) {
            LOG.info(
                    "Dropped {} KPL user records of shard {} whose hash keys belong to other"
                            + " shards (aggregated before a reshard; the producer re-sends them)",
                    dropped,
                    shard.split.shardId());
        }
        return userRecords;
    }

    private static int firstAtOrAfter(List<KinesisRecord> records, long arrivalMillis) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).approximateArrivalMillis() >= arrivalMillis) {
                return i;
            }
        }
        return records.size();
    }

    /** An emulator may leave out MillisBehindLatest; then an empty read means caught up. */
    private static boolean caughtUp(ShardBatch batch) {
        return batch.millisBehindLatest() == null || batch.millisBehindLatest() == 0;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KinesisShardSplit> change) {
        if (change instanceof SplitsAddition) {
            for (KinesisShardSplit split : change.splits()) {
                splits.put(split.splitId(), new AssignedShard(split));
                fetcher.addShard(split);
            }
        } else if (change instanceof SplitsRemoval) {
            for (KinesisShardSplit split : change.splits()) {
                if (splits.remove(split.splitId()) != null) {
                    fetcher.removeShard(split.splitId());
                    removedSplits.add(split.splitId());
                }
            }
        } else {
            throw new UnsupportedOperationException("Unsupported split change " + change);
        }
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<KinesisShardSplit> splitsToPause,
            Collection<KinesisShardSplit> splitsToResume) {
        fetcher.pauseOrResume(ids(splitsToPause), ids(splitsToResume));
    }

    private static List<String> ids(Collection<KinesisShardSplit> splits) {
        List<String> ids = new ArrayList<>(splits.size());
        splits.forEach(split -> ids.add(split.splitId()));
        return ids;
    }

    @Override
    public void wakeUp() {
        fetcher.wakeUp();
    }

    @Override
    public void close() throws Exception {
        fetcher.close();
    }

    /** An assigned split, with its hash-key range as numbers once de-aggregation needs them. */
    private static final class AssignedShard {
        final KinesisShardSplit split;
        @Nullable private BigInteger startingHashKey;
        @Nullable private BigInteger endingHashKey;

        AssignedShard(KinesisShardSplit split) {
            this.split = split;
        }

        BigInteger startingHashKey() {
            if (startingHashKey == null) {
                startingHashKey = new BigInteger(split.startingHashKey());
            }
            return startingHashKey;
        }

        BigInteger endingHashKey() {
            if (endingHashKey == null) {
                endingHashKey = new BigInteger(split.endingHashKey());
            }
            return endingHashKey;
        }
    }
}
