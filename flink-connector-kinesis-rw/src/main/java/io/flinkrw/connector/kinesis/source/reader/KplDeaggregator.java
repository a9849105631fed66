package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.KinesisRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits Kinesis Producer Library (KPL) aggregated records into their user records.
 *
 * <p>The aggregated format: the 4 magic bytes {@code F3 89 9A C2}, a protobuf {@code
 * AggregatedRecord} (a partition key table, an explicit hash key table, and the records, each
 * pointing into the tables), and the 16-byte MD5 of the protobuf body. A record whose magic bytes,
 * MD5 or protobuf do not check out is not aggregated and passes through whole.
 *
 * <p>Each user record keeps the Kinesis record's sequence number and arrival time, takes its index
 * in the aggregate as its sub-sequence number, and its own partition key. A user record whose hash
 * key (its explicit hash key, else the MD5 of its partition key) is outside the shard's hash-key
 * range is dropped: after resharding, a producer may have aggregated it for a shard that no longer
 * owns its key, and it re-sends such records to the right shard (the KCL does the same; so did
 * Flink's legacy Kinesis consumer, FLINK-29395).
 *
 * <p>Not thread-safe: one per fetcher thread.
 */
@Internal
public final class KplDeaggregator {

    private static final Logger LOG = LoggerFactory.getLogger(KplDeaggregator.class);

    @VisibleForTesting
    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private static final int DIGEST_LENGTH = 16;

    // Field numbers of KPL's messages.proto.
    private static final int AGGREGATE_PARTITION_KEY_TABLE = 1;
    private static final int AGGREGATE_EXPLICIT_HASH_KEY_TABLE = 2;
    private static final int AGGREGATE_RECORDS = 3;
    private static final int RECORD_PARTITION_KEY_INDEX = 1;
    private static final int RECORD_EXPLICIT_HASH_KEY_INDEX = 2;
    private static final int RECORD_DATA = 3;

    private final MessageDigest md5;

    public KplDeaggregator() {
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has MD5", e);
        }
    }

    /**
     * Adds the user records of {@code record} whose hash keys lie in {@code [startingHashKey,
     * endingHashKey]} to {@code out}, or {@code record} itself when it is not aggregated.
     *
     * @return how many user records were dropped for being outside the range
     */
    public int deaggregate(
            KinesisRecord record,
            BigInteger startingHashKey,
            BigInteger endingHashKey,
            List<KinesisRecord> out) {
        AggregatedRecord aggregate = parse(record);
        if (aggregate == null) {
            out.add(record);
            return 0;
        }
        int dropped = 0;
        for (int i = 0; i < aggregate.records.size(); i++) {
            UserRecord user = aggregate.records.get(i);
            String partitionKey = aggregate.partitionKeys.get(user.partitionKeyIndex);
            BigInteger hashKey =
                    user.explicitHashKeyIndex >= 0
                            ? new BigInteger(
                                    aggregate.explicitHashKeys.get(user.explicitHashKeyIndex))
                            : hashOf(partitionKey);
            if (hashKey.compareTo(startingHashKey) < 0 || hashKey.compareTo(endingHashKey) > 0) {
                dropped++;
                continue;
            }
            out.add(
                    new KinesisRecord(
                            record.shardId(),
                            partitionKey,
                            record.sequenceNumber(),
                            i,
                            record.approximateArrivalMillis(),
                            user.data));
        }
        return dropped;
    }

    /** The hash key Kinesis derives from a partition key: its MD5 as an unsigned integer. */
    private BigInteger hashOf(String partitionKey) {
        return new BigInteger(1, md5.digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** The aggregate in {@code record}, or {@code null} when it is not one. */
    @Nullable
    private AggregatedRecord parse(KinesisRecord record) {
        byte[] data = record.data();
        if (data.length < MAGIC.length + DIGEST_LENGTH
                || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        int bodyLength = data.length - MAGIC.length - DIGEST_LENGTH;
        md5.update(data, MAGIC.length, bodyLength);
        byte[] digest = md5.digest();
        if (!Arrays.equals(
                digest, 0, DIGEST_LENGTH, data, data.length - DIGEST_LENGTH, data.length)) {
            LOG.debug(
                    "Record {} of shard {} starts like a KPL aggregated record but its MD5 does"
                            + " not match; it is read as it is",
                    record.sequenceNumber(),
                    record.shardId());
            return null;
        }
        try {
            return AggregatedRecord.read(
                    CodedInputStream.newInstance(data, MAGIC.length, bodyLength));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Record {} of shard {} has the KPL magic bytes and a matching MD5, but its"
                            + " body is not a valid aggregated record ({}); it is read as it is",
                    record.sequenceNumber(),
                    record.shardId(),
                    e.getMessage());
            return null;
        }
    }

    /** KPL's {@code AggregatedRecord} message, with what de-aggregation needs. */
    private static final class AggregatedRecord {
        final List<String> partitionKeys = new ArrayList<>();
        final List<String> explicitHashKeys = new ArrayList<>();
        final List<UserRecord> records = new ArrayList<>();

        static AggregatedRecord read(CodedInputStream in) throws IOException {
            AggregatedRecord aggregate = new AggregatedRecord();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (fieldOf(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                    case AGGREGATE_PARTITION_KEY_TABLE:
                        aggregate.partitionKeys.add(in.readString());
                        break;
                    case AGGREGATE_EXPLICIT_HASH_KEY_TABLE:
                        aggregate.explicitHashKeys.add(in.readString());
                        break;
                    case AGGREGATE_RECORDS:
                        int length = in.readRawVarint32();
                        int limit = in.pushLimit(length);
                        aggregate.records.add(UserRecord.read(in));
                        in.checkLastTagWas(0);
                        in.popLimit(limit);
                        break;
                    default:
                        in.skipField(tag);
                }
            }
            for (UserRecord record : aggregate.records) {
                check(
                        record.partitionKeyIndex < aggregate.partitionKeys.size(),
                        "partition key index out of range");
                check(
                        record.explicitHashKeyIndex < aggregate.explicitHashKeys.size(),
                        "explicit hash key index out of range");
                if (record.explicitHashKeyIndex >= 0) {
                    // Fails with NumberFormatException on a key that is not a decimal number.
                    new BigInteger(aggregate.explicitHashKeys.get(record.explicitHashKeyIndex));
                }
            }
            check(!aggregate.records.isEmpty(), "no records");
            return aggregate;
        }
    }

    /** KPL's {@code Record} message: indexes into the tables, and the payload. */
    private static final class UserRecord {
        int partitionKeyIndex = -1;
        int explicitHashKeyIndex = -1;
        byte[] data;

        static UserRecord read(CodedInputStream in) throws IOException {
            UserRecord record = new UserRecord();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == RECORD_PARTITION_KEY_INDEX
                        || field == RECORD_EXPLICIT_HASH_KEY_INDEX) {
                    fieldOf(tag, WireFormat.WIRETYPE_VARINT);
                    long index = in.readUInt64();
                    check(index >= 0 && index < Integer.MAX_VALUE, "table index out of range");
                    if (field == RECORD_PARTITION_KEY_INDEX) {
                        record.partitionKeyIndex = (int) index;
                    } else {
                        record.explicitHashKeyIndex = (int) index;
                    }
                } else if (field == RECORD_DATA) {
                    fieldOf(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    record.data = in.readByteArray();
                } else {
                    in.skipField(tag);
                }
            }
            check(record.partitionKeyIndex >= 0, "a record without a partition key index");
            check(record.data != null, "a record without data");
            return record;
        }
    }

    /**
     * The field number of {@code tag}, checking the wire type of the known fields (1 to 3); 0 for
     * any other field, which the caller skips.
     */
    private static int fieldOf(int tag, int expectedWireType) throws IOException {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field >= 1 && field <= 3 && WireFormat.getTagWireType(tag) != expectedWireType) {
            throw new IOException("field " + field + " has wire type " + tag % 8);
        }
        return field >= 1 && field <= 3 ? field : 0;
    }

    private static void check(boolean condition, String problem) throws IOException {
        if (!condition) {
            throw new IOException(problem);
        }
    }
}
