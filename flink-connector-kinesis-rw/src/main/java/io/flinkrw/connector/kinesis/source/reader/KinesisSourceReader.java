package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.IdleWithoutSplitReaderBase;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.enumerator.FanOutConsumerEvent;
import io.flinkrw.connector.kinesis.source.enumerator.FinishedSplitsAcknowledgedEvent;
import io.flinkrw.connector.kinesis.source.enumerator.SplitsFinishedEvent;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Kinesis source reader. Besides the usual split handling it makes sure a finished shard is
 * never forgotten before the enumerator has recorded it: a finished split stays in this reader's
 * checkpoints, marked finished, until the enumerator acknowledges that a completed checkpoint of
 * its own holds the finish; after a restore the finish is reported again. So a finish event lost in
 * a failover cannot keep the shard's children from being read. While the enumerator has no shard
 * for it, the reader is idle (see {@link IdleWithoutSplitReaderBase}).
 */
@Internal
public final class KinesisSourceReader<T>
        extends IdleWithoutSplitReaderBase<
                KinesisRecord, T, KinesisShardSplit, KinesisShardSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisSourceReader.class);

    private final KinesisSourceReaderMetrics metrics;
    @Nullable private final FanOutState fanOutState;
    private final Map<String, KinesisShardSplit> finishedUnacknowledged = new LinkedHashMap<>();

    /**
     * @param fanOutState with enhanced fan-out, where the enumerator's news for the fetchers go
     */
    public KinesisSourceReader(
            Supplier<SplitReader<KinesisRecord, KinesisShardSplit>> splitReaderSupplier,
            RecordEmitter<KinesisRecord, T, KinesisShardSplitState> recordEmitter,
            Configuration config,
            SourceReaderContext context,
            KinesisSourceReaderMetrics metrics,
            @Nullable FanOutState fanOutState) {
        super(splitReaderSupplier, recordEmitter, config, context);
        this.metrics = metrics;
        this.fanOutState = fanOutState;
    }

    @Override
    public void addSplits(List<KinesisShardSplit> splits) {
        List<KinesisShardSplit> toRead = new ArrayList<>(splits.size());
        Map<String, KinesisShardSplit> finished = new LinkedHashMap<>();
        for (KinesisShardSplit split : splits) {
            if (split.isFinished()) {
                finished.put(split.splitId(), split);
            } else {
                metrics.registerShard(split.shardId());
                toRead.add(split);
            }
        }
        if (!finished.isEmpty()) {
            LOG.info("Reporting restored finished splits {} again", finished.keySet());
            reportFinished(finished);
        }
        if (!toRead.isEmpty()) {
            super.addSplits(toRead);
        }
    }

    @Override
    protected void onSplitFinished(Map<String, KinesisShardSplitState> finishedSplitStates) {
        Map<String, KinesisShardSplit> finished = new LinkedHashMap<>();
        finishedSplitStates.forEach((id, state) -> finished.put(id, state.toSplit().asFinished()));
        reportFinished(finished);
    }

    private void reportFinished(Map<String, KinesisShardSplit> finished) {
        finishedUnacknowledged.putAll(finished);
        finished.keySet().forEach(metrics::shardFinished);
        context.sendSourceEventToCoordinator(new SplitsFinishedEvent(finished.keySet()));
    }

    @Override
    public List<KinesisShardSplit> snapshotState(long checkpointId) {
        List<KinesisShardSplit> splits = super.snapshotState(checkpointId);
        splits.addAll(finishedUnacknowledged.values());
        return splits;
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof FinishedSplitsAcknowledgedEvent) {
            ((FinishedSplitsAcknowledgedEvent) event)
                    .splitIds()
                    .forEach(finishedUnacknowledged::remove);
        } else if (event instanceof FanOutConsumerEvent && fanOutState != null) {
            fanOutState.update((FanOutConsumerEvent) event);
        } else {
            super.handleSourceEvents(event);
        }
    }

    @Override
    protected KinesisShardSplitState initializedState(KinesisShardSplit split) {
        return new KinesisShardSplitState(split);
    }

    @Override
    protected KinesisShardSplit toSplitType(String splitId, KinesisShardSplitState state) {
        return state.toSplit();
    }
}
