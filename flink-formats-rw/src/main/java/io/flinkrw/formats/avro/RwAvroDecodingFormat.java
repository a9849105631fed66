package io.flinkrw.formats.avro;

import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.Objects;

/** The planned {@code rw-avro} format of a table: its schema and settings. */
final class RwAvroDecodingFormat extends RwDecodingFormat {

    private final AvroTableSchema schema;
    private final AvroEncoding encoding;
    private final boolean ignoreParseErrors;

    RwAvroDecodingFormat(AvroTableSchema schema, AvroEncoding encoding, boolean ignoreParseErrors) {
        this.schema = schema;
        this.encoding = encoding;
        this.ignoreParseErrors = ignoreParseErrors;
    }

    @Override
    protected void checkColumns(RowType declared) {
        schema.checkColumns(RwAvroFormatFactory.IDENTIFIER, declared);
    }

    @Override
    protected DeserializationSchema<RowData> createDecoder(
            RowType declared, int[][] projections, TypeInformation<RowData> producedType) {
        return new RwAvroDeserializationSchema(
                schema, declared, projections, encoding, ignoreParseErrors, producedType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RwAvroDecodingFormat)) {
            return false;
        }
        RwAvroDecodingFormat that = (RwAvroDecodingFormat) o;
        return schema.equals(that.schema)
                && encoding == that.encoding
                && ignoreParseErrors == that.ignoreParseErrors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, encoding, ignoreParseErrors);
    }

    @Override
    public String toString() {
        return "rw-avro(" + schema + ", encoding=" + encoding.value() + ")";
    }
}
