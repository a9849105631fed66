package io.flinkrw.connector.kinesis.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kinesis metrics of one reader, besides Flink's standard source metrics: per shard, {@value
 * #MILLIS_BEHIND_LATEST} (how far the reader is behind the shard's tip; -1 before the first read, 0
 * once the shard is finished), in the group {@code KinesisSource.stream.<name>.shardId.<id>}.
 */
@Internal
public final class KinesisSourceReaderMetrics {

    public static final String KINESIS_SOURCE_GROUP = "KinesisSource";
    public static final String STREAM_GROUP = "stream";
    public static final String SHARD_GROUP = "shardId";
    public static final String MILLIS_BEHIND_LATEST = "millisBehindLatest";

    private final MetricGroup streamGroup;
    private final Map<String, ShardLag> shards = new ConcurrentHashMap<>();

    public KinesisSourceReaderMetrics(SourceReaderMetricGroup readerGroup, String stream) {
        this.streamGroup =
                readerGroup.addGroup(KINESIS_SOURCE_GROUP).addGroup(STREAM_GROUP, stream);
    }

    /** Registers the shard's gauges (once per shard and reader). */
    public void registerShard(String shardId) {
        shards.computeIfAbsent(
                shardId,
                id -> {
                    ShardLag lag = new ShardLag();
                    streamGroup.addGroup(SHARD_GROUP, id).gauge(MILLIS_BEHIND_LATEST, lag);
                    return lag;
                });
    }

    /** Called by the fetcher thread after every read. */
    public void setMillisBehindLatest(String shardId, long millis) {
        ShardLag lag = shards.get(shardId);
        if (lag != null) {
            lag.millis = millis;
        }
    }

    public void shardFinished(String shardId) {
        setMillisBehindLatest(shardId, 0);
    }

    /** A shard's {@value #MILLIS_BEHIND_LATEST} gauge. */
    private static final class ShardLag implements Gauge<Long> {
        volatile long millis = -1;

        @Override
        public Long getValue() {
            return millis;
        }
    }
}
