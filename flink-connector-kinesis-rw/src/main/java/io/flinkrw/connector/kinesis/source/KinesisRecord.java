package io.flinkrw.connector.kinesis.source;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record read from a Kinesis shard, as a {@link KinesisDeserializationSchema} sees it: the
 * payload and where it came from. A Kinesis record in the Kinesis Producer Library's aggregated
 * format is read as its user records, each with its own partition key and payload; they share the
 * Kinesis record's sequence number and are told apart by their {@link #subSequenceNumber()}.
 */
@PublicEvolving
public final class KinesisRecord {

    /** The {@link #subSequenceNumber()} of a record that did not come in an aggregated record. */
    public static final long NOT_AGGREGATED = -1;

    private final String shardId;
    private final String partitionKey;
    private final String sequenceNumber;
    private final long subSequenceNumber;
    private final long approximateArrivalMillis;
    private final byte[] data;

    /** A Kinesis record as it was put (not a user record of a KPL aggregated record). */
    public KinesisRecord(
            String shardId,
            String partitionKey,
            String sequenceNumber,
            long approximateArrivalMillis,
            byte[] data) {
        this(shardId, partitionKey, sequenceNumber, NOT_AGGREGATED, approximateArrivalMillis, data);
    }

    /** A user record of a KPL aggregated record, at index {@code subSequenceNumber} in it. */
    public KinesisRecord(
            String shardId,
            String partitionKey,
            String sequenceNumber,
            long subSequenceNumber,
            long approximateArrivalMillis,
            byte[] data) {
        this.shardId = shardId;
        this.partitionKey = partitionKey;
        this.sequenceNumber = sequenceNumber;
        this.subSequenceNumber = subSequenceNumber;
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

    /**
     * The record's sequence number in its shard (decimal digits); for a user record of a KPL
     * aggregated record, the aggregated record's.
     */
    public String sequenceNumber() {
        return sequenceNumber;
    }

    /**
     * The index of this user record in the KPL aggregated record it came in (0, 1, ...), or {@link
     * #NOT_AGGREGATED}.
     */
    public long subSequenceNumber() {
        return subSequenceNumber;
    }

    /** Whether this is a user record of a KPL aggregated record. */
    public boolean isAggregated() {
        return subSequenceNumber != NOT_AGGREGATED;
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
                && subSequenceNumber == that.subSequenceNumber
                && shardId.equals(that.shardId)
                && partitionKey.equals(that.partitionKey)
                && sequenceNumber.equals(that.sequenceNumber)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, sequenceNumber, subSequenceNumber);
    }

    @Override
    public String toString() {
        return "KinesisRecord{shard="
                + shardId
                + ", sequenceNumber="
                + sequenceNumber
                + (isAggregated() ? ", subSequenceNumber=" + subSequenceNumber : "")
                + ", partitionKey="
                + partitionKey
                + ", arrival="
                + approximateArrivalTimestamp()
                + ", bytes="
                + data.length
                + '}';
    }
}
