package io.flinkrw.connector.nats.table;

import io.flinkrw.common.table.MetadataReader;
import io.flinkrw.connector.nats.source.NatsRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata columns of a NATS table, under RisingWave's INCLUDE names ({@code subject}, {@code
 * partition}, {@code offset}, {@code payload}) plus {@code timestamp} and {@code headers}.
 */
@Internal
public enum NatsReadableMetadata implements MetadataReader<NatsRecord> {
    SUBJECT("subject", DataTypes.STRING().notNull()) {
        @Override
        public Object read(NatsRecord record) {
            return StringData.fromString(record.subject());
        }
    },
    PARTITION("partition", DataTypes.STRING().notNull()) {
        @Override
        public Object read(NatsRecord record) {
            return StringData.fromString(record.split());
        }
    },
    OFFSET("offset", DataTypes.BIGINT().notNull()) {
        @Override
        public Object read(NatsRecord record) {
            return record.streamSequence();
        }
    },
    TIMESTAMP("timestamp", DataTypes.TIMESTAMP_LTZ(9).notNull()) {
        @Override
        public Object read(NatsRecord record) {
            return TimestampData.fromInstant(record.timestamp());
        }
    },
    HEADERS(
            "headers",
            DataTypes.MAP(DataTypes.STRING(), DataTypes.ARRAY(DataTypes.STRING())).notNull()) {
        @Override
        public Object read(NatsRecord record) {
            Map<StringData, GenericArrayData> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> header : record.headers().entrySet()) {
                List<String> values = header.getValue();
                StringData[] array = new StringData[values.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = StringData.fromString(values.get(i));
                }
                headers.put(StringData.fromString(header.getKey()), new GenericArrayData(array));
            }
            return new GenericMapData(headers);
        }
    },
    PAYLOAD("payload", DataTypes.BYTES().notNull()) {
        @Override
        public Object read(NatsRecord record) {
            return record.payload();
        }
    };

    private final String key;
    private final DataType dataType;

    NatsReadableMetadata(String key, DataType dataType) {
        this.key = key;
        this.dataType = dataType;
    }

    public String key() {
        return key;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The metadata column named {@code key}. */
    public static NatsReadableMetadata of(String key) {
        for (NatsReadableMetadata metadata : values()) {
            if (metadata.key.equals(key)) {
                return metadata;
            }
        }
        throw new IllegalArgumentException("Unknown NATS metadata key: " + key);
    }
}
