package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.Collection;

/**
 * How the records of a reader's shards are fetched: by polling GetRecords ({@link
 * PollingShardFetcher}) or, later, by enhanced fan-out. Everything else (split bookkeeping,
 * finished splits, the bounded stop rule, metrics, emitting and state) is common and lives in
 * {@link KinesisShardSplitReader} and around it. All methods but {@link #wakeUp()} are called on
 * the reader's single fetcher thread.
 */
@Internal
public interface ShardFetcher extends AutoCloseable {

    /** Starts fetching a shard at the split's starting position. */
    void addShard(KinesisShardSplit split);

    /** Stops fetching a shard; nothing more is returned for it. */
    void removeShard(String shardId);

    /** Pauses and resumes shards (watermark alignment). */
    void pauseOrResume(Collection<String> toPause, Collection<String> toResume);

    /**
     * Waits for the next batch of any shard and returns it; {@code null} when {@link #wakeUp()}
     * interrupted the wait. A batch that ends its shard is the shard's last.
     *
     * @throws IOException when a shard cannot be read any more (the job fails)
     */
    @Nullable
    ShardBatch next() throws IOException;

    /** Makes a waiting or the next {@link #next()} return {@code null}; any thread may call it. */
    void wakeUp();

    /** Releases the client. */
    @Override
    void close();
}
