package io.flinkrw.formats.json;

import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.Objects;

/** The planned {@code rw-json} format of a table. */
final class RwJsonDecodingFormat extends RwDecodingFormat {

    private final JsonTimestamptzMode timestamptzMode;
    private final boolean ignoreParseErrors;

    RwJsonDecodingFormat(JsonTimestamptzMode timestamptzMode, boolean ignoreParseErrors) {
        this.timestamptzMode = timestamptzMode;
        this.ignoreParseErrors = ignoreParseErrors;
    }

    @Override
    protected void checkColumns(RowType declared) {
        checkTypes(declared, timestamptzMode);
    }

    /** Fails when a declared column has a type JSON cannot fill. */
    static void checkTypes(RowType declared, JsonTimestamptzMode timestamptzMode) {
        new JsonPlanner(new JsonFactory(), timestamptzMode, new FieldCounts())
                .rowReader(FieldSelection.all(declared), declared.getFieldCount(), "");
    }

    @Override
    protected DeserializationSchema<RowData> createDecoder(
            RowType declared, int[][] projections, TypeInformation<RowData> producedType) {
        return new RwJsonDeserializationSchema(
                declared, projections, timestamptzMode, ignoreParseErrors, producedType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RwJsonDecodingFormat)) {
            return false;
        }
        RwJsonDecodingFormat that = (RwJsonDecodingFormat) o;
        return timestamptzMode == that.timestamptzMode
                && ignoreParseErrors == that.ignoreParseErrors;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamptzMode, ignoreParseErrors);
    }

    @Override
    public String toString() {
        return "rw-json(timestamptz.handling.mode=" + timestamptzMode.value() + ")";
    }
}
