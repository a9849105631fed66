package io.flinkrw.ddl;

import org.apache.flink.table.types.logical.LogicalType;

import javax.annotation.Nullable;

/**
 * A column of the Flink table: physical, or a virtual metadata column when {@code metadataKey} is
 * set.
 */
public record FlinkColumn(String name, LogicalType type, @Nullable String metadataKey) {

    public static FlinkColumn physical(String name, LogicalType type) {
        return new FlinkColumn(name, type, null);
    }

    public static FlinkColumn metadata(String name, LogicalType type, String key) {
        return new FlinkColumn(name, type, key);
    }

    public boolean isMetadata() {
        return metadataKey != null;
    }
}
