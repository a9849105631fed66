package io.flinkrw.connector.kinesis.source;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record read from a Kinesis shard, as a {@link KinesisDeserializationSchema} sees it: the
 * payload and where it came from.
 */
@PublicEvolving
public final class KinesisRecord {

    private final String shardId;
    private final String partitionKey;
    private final String sequenceNumber;
    private final long approximateArrivalMillis;
    private final byte[] data;

    public KinesisRecord(
            String shardId,
            String partitionKey,
            String sequenceNumber,
            long approximateArrivalMillis,
            byte[] data) {
        this.shardId = shardId;
        this.partitionKey = partitionKey;
        this.sequenceNumber = sequenceNumber;
        this.approximateArrivalMillis = approximateArrivalMillis;
        this.data = data;
    }

    /** The shard the record was read from. */
    public String shardId() {
        return shardId;
    }

    public String partitionKey() {
        return partitionKey;
    }

    /** The record's sequence number in its shard (decimal digits). */
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /** When Kinesis accepted the record, in epoch milliseconds. */
    public long approximateArrivalMillis() {
        return approximateArrivalMillis;
    }

    public Instant approximateArrivalTimestamp() {
        return Instant.ofEpochMilli(approximateArrivalMillis);
    }

    /** The payload. The array is the record's own: do not change it. */
    public byte[] data() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisRecord)) {
            return false;
        }
        KinesisRecord that = (KinesisRecord) o;
        return approximateArrivalMillis == that.approximateArrivalMillis
                && shardId.equals(that.shardId)
                && partitionKey.equals(that.partitionKey)
                && sequenceNumber.equals(that.sequenceNumber)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, sequenceNumber);
    }

    @Override
    public String toString() {
        return "KinesisRecord{shard="
                + shardId
                + ", sequenceNumber="
                + sequenceNumber
                + ", partitionKey="
                + partitionKey
                + ", arrival="
                + approximateArrivalTimestamp()
                + ", bytes="
                + data.length
                + '}';
    }
}
