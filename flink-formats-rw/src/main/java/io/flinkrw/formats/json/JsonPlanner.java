package io.flinkrw.formats.json;

import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.FieldSelection;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import java.util.ArrayList;
import java.util.List;

/** Plans the JSON readers of the declared columns; rejects types JSON cannot fill. */
final class JsonPlanner {

    private final JsonFactory factory;
    private final JsonTimestamptzMode timestamptzMode;
    private final FieldCounts counts;

    JsonPlanner(JsonFactory factory, JsonTimestamptzMode timestamptzMode, FieldCounts counts) {
        this.factory = factory;
        this.timestamptzMode = timestamptzMode;
        this.counts = counts;
    }

    /** The reader of the selected fields of a row, creating rows of {@code arity} fields. */
    JsonRowReader rowReader(FieldSelection selection, int arity, String path) {
        List<String> names = new ArrayList<>();
        List<JsonRowReader.Action> actions = new ArrayList<>();
        for (int i = 0; i < selection.fieldCount(); i++) {
            if (!selection.isSelected(i)) {
                continue;
            }
            String name = selection.fieldName(i);
            String fieldPath = path + quote(name);
            names.add(name);
            if (selection.slot(i) >= 0) {
                actions.add(
                        new JsonRowReader.Action(
                                selection.slot(i), reader(selection.fieldType(i), fieldPath)));
            } else {
                FieldSelection nested = selection.nested(i);
                JsonRowReader nestedReader = rowReader(nested, arity, fieldPath + ".");
                actions.add(
                        new JsonRowReader.Action(
                                nestedReader,
                                new JsonReaders.RowReader(fieldPath, nestedReader, factory)));
            }
        }
        return new JsonRowReader(
                arity,
                names.toArray(new String[0]),
                actions.toArray(new JsonRowReader.Action[0]),
                path,
                counts);
    }

    JsonReaders.Reader reader(LogicalType type, String path) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return new JsonReaders.BooleanReader(path);
            case TINYINT:
                return new JsonReaders.IntegerReader(
                        path, "TINYINT", Byte.MIN_VALUE, Byte.MAX_VALUE, 1);
            case SMALLINT:
                return new JsonReaders.IntegerReader(
                        path, "SMALLINT", Short.MIN_VALUE, Short.MAX_VALUE, 2);
            case INTEGER:
                return new JsonReaders.IntegerReader(
                        path, "INT", Integer.MIN_VALUE, Integer.MAX_VALUE, 4);
            case BIGINT:
                return new JsonReaders.IntegerReader(
                        path, "BIGINT", Long.MIN_VALUE, Long.MAX_VALUE, 8);
            case FLOAT:
                return new JsonReaders.FloatingReader(path, true);
            case DOUBLE:
                return new JsonReaders.FloatingReader(path, false);
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                return new JsonReaders.DecimalReader(
                        path, decimal.getPrecision(), decimal.getScale());
            case CHAR:
            case VARCHAR:
                return new JsonReaders.StringReader(path, factory);
            case BINARY:
            case VARBINARY:
                return new JsonReaders.BytesReader(path);
            case DATE:
                return new JsonReaders.DateReader(path);
            case TIME_WITHOUT_TIME_ZONE:
                return new JsonReaders.TimeReader(path);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return new JsonReaders.TimestampReader(path, ((TimestampType) type).getPrecision());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new JsonReaders.TimestampLtzReader(
                        path, ((LocalZonedTimestampType) type).getPrecision(), timestamptzMode);
            case INTERVAL_YEAR_MONTH:
                return new JsonReaders.IntervalReader(path, true);
            case INTERVAL_DAY_TIME:
                return new JsonReaders.IntervalReader(path, false);
            case ROW:
                RowType row = (RowType) type;
                return new JsonReaders.RowReader(
                        path,
                        rowReader(FieldSelection.all(row), row.getFieldCount(), path + "."),
                        factory);
            case ARRAY:
                return new JsonReaders.ArrayReader(
                        path, reader(((ArrayType) type).getElementType(), path + "[]"));
            case MAP:
                MapType map = (MapType) type;
                return new JsonReaders.MapReader(
                        path,
                        reader(map.getKeyType(), path + "{key}"),
                        reader(map.getValueType(), path + "{value}"),
                        factory);
            default:
                throw new ValidationException(
                        String.format(
                                "rw-json: column %s has type %s, which JSON cannot fill.",
                                path, type.asSummaryString()));
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
