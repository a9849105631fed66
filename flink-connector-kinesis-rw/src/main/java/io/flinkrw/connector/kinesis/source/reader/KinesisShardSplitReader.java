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

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader's I/O, whatever the fetch strategy: keeps the assigned shards, takes batches from the
 * {@link ShardFetcher}, applies the bounded stop rule, reports finished shards and updates the
 * per-shard lag. A batch with nothing to emit does not bother the reader thread.
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
    private final RecordLimit limit;
    private final Map<String, KinesisShardSplit> splits = new HashMap<>();
    private final Set<String> removedSplits = new LinkedHashSet<>();

    public KinesisShardSplitReader(ShardFetcher fetcher, KinesisSourceReaderMetrics metrics) {
        this(fetcher, metrics, new RecordLimit(RecordLimit.UNLIMITED));
    }

    /**
     * @param limit once the reader has emitted this many records, every split finishes
     */
    public KinesisShardSplitReader(
            ShardFetcher fetcher, KinesisSourceReaderMetrics metrics, RecordLimit limit) {
        this.fetcher = fetcher;
        this.metrics = metrics;
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
            KinesisShardSplit split = splits.get(batch.shardId());
            if (split == null) {
                continue;
            }
            if (batch.millisBehindLatest() != null) {
                metrics.setMillisBehindLatest(batch.shardId(), batch.millisBehindLatest());
            }
            List<KinesisRecord> records = batch.records();
            boolean finished = batch.shardEnded();
            if (split.isBounded() && !finished) {
                int end = firstAtOrAfter(records, split.stoppingArrivalMillis());
                if (end < records.size()) {
                    records = records.subList(0, end);
                    finished = true;
                } else if (records.isEmpty() && caughtUp(batch)) {
                    finished = true;
                }
                if (finished) {
                    LOG.info("Shard {} reached the end of the bounded read", split.shardId());
                    fetcher.removeShard(split.shardId());
                }
            }
            for (KinesisRecord record : records) {
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
                splits.put(split.splitId(), split);
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
}
