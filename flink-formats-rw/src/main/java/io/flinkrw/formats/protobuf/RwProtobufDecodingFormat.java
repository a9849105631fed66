package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.Objects;

/** The planned {@code rw-protobuf} format of a table: its schema and settings. */
final class RwProtobufDecodingFormat extends RwDecodingFormat {

    private final ProtoTableSchema schema;
    private final boolean ignoreParseErrors;

    RwProtobufDecodingFormat(ProtoTableSchema schema, boolean ignoreParseErrors) {
        this.schema = schema;
        this.ignoreParseErrors = ignoreParseErrors;
    }

    @Override
    protected void checkColumns(RowType declared) {
        schema.checkColumns(RwProtobufFormatFactory.IDENTIFIER, declared);
    }

    @Override
    protected DeserializationSchema<RowData> createDecoder(
            RowType declared, int[][] projections, TypeInformation<RowData> producedType) {
        return new RwProtobufDeserializationSchema(
                schema, declared, projections, ignoreParseErrors, producedType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RwProtobufDecodingFormat)) {
            return false;
        }
        RwProtobufDecodingFormat that = (RwProtobufDecodingFormat) o;
        return schema.equals(that.schema) && ignoreParseErrors == that.ignoreParseErrors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, ignoreParseErrors);
    }

    @Override
    public String toString() {
        return "rw-protobuf(" + schema + ")";
    }
}
