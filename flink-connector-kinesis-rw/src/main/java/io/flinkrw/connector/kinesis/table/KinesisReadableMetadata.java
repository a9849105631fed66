package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.table.MetadataReader;
import io.flinkrw.connector.kinesis.source.KinesisRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import java.nio.charset.StandardCharsets;

/**
 * The metadata columns of a Kinesis table, with RisingWave's INCLUDE names: {@code key} (the
 * partition key, as bytes like RisingWave's bytea; declare the column STRING to read it as text),
 * {@code partition} (the shard id), {@code offset} (the sequence number), {@code timestamp} (the
 * arrival time) and {@code payload} (the record's bytes); and our own {@code sub_sequence}, the
 * index of a KPL user record in its aggregated record (0 for a record that was not aggregated), so
 * that {@code (offset, sub_sequence)} is unique.
 */
@Internal
enum KinesisReadableMetadata {
    KEY(
            "key",
            DataTypes.BYTES().notNull(),
            record -> record.partitionKey().getBytes(StandardCharsets.UTF_8)),
    PARTITION(
            "partition",
            DataTypes.STRING().notNull(),
            record -> StringData.fromString(record.shardId())),
    OFFSET(
            "offset",
            DataTypes.STRING().notNull(),
            record -> StringData.fromString(record.sequenceNumber())),
    SUB_SEQUENCE(
            "sub_sequence",
            DataTypes.BIGINT().notNull(),
            record -> Math.max(0L, record.subSequenceNumber())),
    TIMESTAMP(
            "timestamp",
            DataTypes.TIMESTAMP_LTZ(3).notNull(),
            record -> TimestampData.fromEpochMillis(record.approximateArrivalMillis())),
    PAYLOAD("payload", DataTypes.BYTES().notNull(), KinesisRecord::data);

    private final String key;
    private final DataType dataType;
    private final MetadataReader<KinesisRecord> reader;

    KinesisReadableMetadata(String key, DataType dataType, MetadataReader<KinesisRecord> reader) {
        this.key = key;
        this.dataType = dataType;
        this.reader = reader;
    }

    String key() {
        return key;
    }

    DataType dataType() {
        return dataType;
    }

    MetadataReader<KinesisRecord> reader() {
        return reader;
    }

    static KinesisReadableMetadata ofKey(String key) {
        for (KinesisReadableMetadata metadata : values()) {
            if (metadata.key.equals(key)) {
                return metadata;
            }
        }
        throw new IllegalArgumentException("Unknown Kinesis metadata key " + key);
    }
}
