package io.flinkrw.common.table;

import javax.annotation.Nullable;

import java.io.Serializable;

/**
 * Reads one metadata column's value (in Flink's internal data structures: {@code StringData},
 * {@code TimestampData}, {@code MapData}, {@code byte[]}, ...) from a connector's record.
 *
 * @param <R> the connector's record type
 */
@FunctionalInterface
public interface MetadataReader<R> extends Serializable {

    @Nullable
    Object read(R record);
}
