package io.flinkrw.ddl;

import io.flinkrw.formats.SchemaColumns;

import org.apache.flink.table.types.logical.RowType;

import java.util.Map;

/**
 * Where the columns of a statement without a column list come from: by default the formats' own
 * schema loader and type mapping ({@link SchemaColumns#derive}), so the translated table and the
 * format can never disagree.
 */
@FunctionalInterface
public interface SchemaColumnDeriver {

    /** The formats' {@link SchemaColumns#derive}. */
    SchemaColumnDeriver FORMATS = SchemaColumns::derive;

    /**
     * The columns the schema implies.
     *
     * @param format {@code rw-avro} or {@code rw-protobuf}
     * @param options the format's options without its prefix ({@code schema.location}, ...)
     * @throws RuntimeException (a Flink {@code ValidationException}) when the schema cannot be read
     *     or mapped; its message says why
     */
    RowType derive(String format, Map<String, String> options);
}
