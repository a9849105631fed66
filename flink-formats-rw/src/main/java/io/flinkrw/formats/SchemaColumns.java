package io.flinkrw.formats;

import io.flinkrw.formats.avro.AvroTableSchema;
import io.flinkrw.formats.avro.RwAvroFormatFactory;
import io.flinkrw.formats.avro.RwAvroFormatOptions;
import io.flinkrw.formats.protobuf.ProtoTableSchema;
import io.flinkrw.formats.protobuf.RwProtobufFormatFactory;
import io.flinkrw.formats.protobuf.RwProtobufFormatOptions;
import io.flinkrw.formats.schema.ColumnList;
import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The columns a schema at a location implies, derived with the formats' own loader and type
 * mapping, so a tool that writes Flink DDL (such as a translator of RisingWave's {@code CREATE
 * SOURCE}, which may omit the columns) can never disagree with what the format accepts.
 *
 * <pre>{@code
 * RowType columns = SchemaColumns.derive("rw-protobuf", Map.of(
 *     "schema.location", "s3://schemas/shop.pb", "message", "shop.v1.Order",
 *     "aws.region", "eu-west-1"));
 * String ddl = SchemaColumns.toDdl(columns);   // "`id` BIGINT,\n`customer` STRING, ..."
 * }</pre>
 */
public final class SchemaColumns {

    private SchemaColumns() {}

    /**
     * Fetches the schema and maps it to columns.
     *
     * @param format {@code rw-avro} or {@code rw-protobuf}
     * @param options the format's options, with or without the format prefix (RisingWave's {@code
     *     ENCODE (...)} keys as they are)
     * @throws ValidationException for bad options, an unreachable or invalid schema, or a schema
     *     without a column mapping (a recursive message, say)
     */
    public static RowType derive(String format, Map<String, String> options) {
        Map<String, String> plain = RwFormatOptions.withoutPrefix(format, options);
        switch (format) {
            case RwAvroFormatFactory.IDENTIFIER:
                {
                    RwAvroFormatOptions.Settings settings =
                            RwAvroFormatOptions.validate(
                                    checked(
                                            format,
                                            plain,
                                            RwAvroFormatOptions.requiredOptions(),
                                            RwAvroFormatOptions.optionalOptions()));
                    AvroTableSchema schema =
                            AvroTableSchema.load(settings.location, settings.message);
                    return derived(format, schema.description(), schema::impliedRowType);
                }
            case RwProtobufFormatFactory.IDENTIFIER:
                {
                    RwProtobufFormatOptions.Settings settings =
                            RwProtobufFormatOptions.validate(
                                    checked(
                                            format,
                                            plain,
                                            RwProtobufFormatOptions.requiredOptions(),
                                            RwProtobufFormatOptions.optionalOptions()));
                    ProtoTableSchema schema =
                            ProtoTableSchema.load(settings.location, settings.message);
                    return derived(format, schema.description(), schema::impliedRowType);
                }
            default:
                throw new ValidationException(
                        "Only rw-avro and rw-protobuf read a schema from a location, not '"
                                + format
                                + "'.");
        }
    }

    /** As {@link #derive}, as a Flink data type (a ROW). */
    public static DataType deriveDataType(String format, Map<String, String> options) {
        return TypeConversions.fromLogicalToDataType(derive(format, options));
    }

    /** The columns as DDL, one {@code `name` TYPE} per line, ready for a CREATE TABLE. */
    public static String toDdl(RowType columns) {
        return ColumnList.toDdl(columns);
    }

    private interface Derivation {
        RowType get();
    }

    private static RowType derived(String format, String schema, Derivation derivation) {
        try {
            return derivation.get();
        } catch (ColumnMismatchException e) {
            throw new ValidationException(
                    String.format(
                            "%s: the %s implies no column list: %s",
                            format, schema, e.getMessage()));
        }
    }

    private static Configuration checked(
            String format,
            Map<String, String> options,
            Set<ConfigOption<?>> required,
            Set<ConfigOption<?>> optional) {
        Set<ConfigOption<?>> all = new HashSet<>(required);
        all.addAll(optional);
        RwFormatOptions.checkKnownKeys(format, options, all);
        return Configuration.fromMap(options);
    }
}
