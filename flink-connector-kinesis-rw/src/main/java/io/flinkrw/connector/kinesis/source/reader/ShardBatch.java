package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.KinesisRecord;

import org.apache.flink.annotation.Internal;

import software.amazon.awssdk.services.kinesis.model.Record;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one fetch returned for one shard. */
@Internal
public final class ShardBatch {

    private final String shardId;
    private final List<KinesisRecord> records;
    @Nullable private final Long millisBehindLatest;
    private final boolean shardEnded;

    public ShardBatch(
            String shardId,
            List<KinesisRecord> records,
            @Nullable Long millisBehindLatest,
            boolean shardEnded) {
        this.shardId = shardId;
        this.records = records;
        this.millisBehindLatest = millisBehindLatest;
        this.shardEnded = shardEnded;
    }

    /** The last batch of a shard that closed or no longer exists. */
    static ShardBatch ended(String shardId) {
        return new ShardBatch(shardId, List.of(), null, true);
    }

    /** The SDK's records of a shard, as the source's. */
    static List<KinesisRecord> toKinesisRecords(String shardId, List<Record> records) {
        List<KinesisRecord> converted = new ArrayList<>(records.size());
        for (Record record : records) {
            Instant arrival = record.approximateArrivalTimestamp();
            converted.add(
                    new KinesisRecord(
                            shardId,
                            record.partitionKey(),
                            record.sequenceNumber(),
                            arrival == null ? 0L : arrival.toEpochMilli(),
                            record.data().asByteArrayUnsafe()));
        }
        return converted;
    }

    public String shardId() {
        return shardId;
    }

    /** The records, in shard order. */
    public List<KinesisRecord> records() {
        return records;
    }

    /** How far the read position is behind the shard's tip, when Kinesis said. */
    @Nullable
    public Long millisBehindLatest() {
        return millisBehindLatest;
    }

    /** Whether the shard has no more records: it was closed and read to its end, or is gone. */
    public boolean shardEnded() {
        return shardEnded;
    }

    @Override
    public String toString() {
        return "ShardBatch{"
                + shardId
                + ", records="
                + records.size()
                + ", millisBehindLatest="
                + millisBehindLatest
                + (shardEnded ? ", ended" : "")
                + '}';
    }
}
