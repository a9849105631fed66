package io.flinkrw.formats.avro;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.avro.AvroReaders.ArrayReader;
import io.flinkrw.formats.avro.AvroReaders.DecimalReader;
import io.flinkrw.formats.avro.AvroReaders.DescendStep;
import io.flinkrw.formats.avro.AvroReaders.EnumReader;
import io.flinkrw.formats.avro.AvroReaders.ExtractStep;
import io.flinkrw.formats.avro.AvroReaders.FixedReader;
import io.flinkrw.formats.avro.AvroReaders.MapReader;
import io.flinkrw.formats.avro.AvroReaders.NullableDescendStep;
import io.flinkrw.formats.avro.AvroReaders.NullableReader;
import io.flinkrw.formats.avro.AvroReaders.RecordReader;
import io.flinkrw.formats.avro.AvroReaders.RowReader;
import io.flinkrw.formats.avro.AvroReaders.SkipRunStep;
import io.flinkrw.formats.avro.AvroReaders.SkipStep;
import io.flinkrw.formats.avro.AvroReaders.Step;
import io.flinkrw.formats.avro.AvroReaders.TimestampReader;
import io.flinkrw.formats.avro.AvroReaders.UnionReader;
import io.flinkrw.formats.avro.AvroReaders.UnionRowReader;
import io.flinkrw.formats.avro.AvroReaders.ValueReader;
import io.flinkrw.formats.avro.AvroReaders.ValueStep;
import io.flinkrw.formats.avro.AvroReaders.VariableScaleDecimalReader;
import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.flinkrw.formats.avro.AvroTypeMapping.append;
import static io.flinkrw.formats.avro.AvroTypeMapping.describe;

/**
 * Plans the decoder of one writer schema for the declared columns: fields are matched by name
 * (exactly, else ignoring case when that is unambiguous), each declared type is checked against the
 * writer's type, and the fields nobody selected are skipped without conversion.
 *
 * <p>Strict planning (against the schema at the location) rejects a declared field the record
 * lacks; lenient planning (a container file's own writer schema) leaves it NULL, as RisingWave does
 * for a field the writer did not have.
 */
final class AvroPlanner {

    private final boolean strict;

    AvroPlanner(boolean strict) {
        this.strict = strict;
    }

    /** The reader of a top-level record. */
    RecordReader planRecord(Schema record, FieldSelection selection, List<String> path) {
        List<Schema.Field> writerFields = record.getFields();
        int[] declaredOfWriter = new int[writerFields.size()];
        Arrays.fill(declaredOfWriter, -1);
        for (int i = 0; i < selection.fieldCount(); i++) {
            if (!selection.isSelected(i)) {
                continue;
            }
            String name = selection.fieldName(i);
            int w = findField(writerFields, name);
            if (w < 0) {
                if (strict) {
                    throw new ColumnMismatchException(
                            append(path, name),
                            "record "
                                    + record.getFullName()
                                    + " has no field of that name; its fields are "
                                    + fieldNames(writerFields));
                }
                continue;
            }
            if (declaredOfWriter[w] >= 0) {
                throw new ColumnMismatchException(
                        append(path, name),
                        "it matches field "
                                + writerFields.get(w).name()
                                + " which column "
                                + selection.fieldName(declaredOfWriter[w])
                                + " reads already");
            }
            declaredOfWriter[w] = i;
        }
        List<Step> steps = new ArrayList<>();
        for (int w = 0; w < writerFields.size(); w++) {
            Schema fieldSchema = writerFields.get(w).schema();
            int i = declaredOfWriter[w];
            if (i < 0) {
                steps.add(new SkipStep(AvroSkipper.of(fieldSchema)));
                continue;
            }
            List<String> fieldPath = append(path, selection.fieldName(i));
            if (selection.slot(i) >= 0) {
                steps.add(
                        new ValueStep(
                                selection.slot(i),
                                planValue(fieldSchema, selection.fieldType(i), fieldPath),
                                ColumnMismatchException.quote(fieldPath)));
            } else {
                steps.add(planNested(fieldSchema, selection.nested(i), fieldPath));
            }
        }
        return new RecordReader(mergeSkipRuns(steps));
    }

    /** Consecutive skipped fields of simple types become one step that skips them in a loop. */
    private static Step[] mergeSkipRuns(List<Step> steps) {
        List<Step> merged = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (Step step : steps) {
            int code =
                    step instanceof SkipStep
                            ? ((SkipStep) step).skipper().runCode()
                            : AvroSkipper.NOT_IN_RUN;
            if (code != AvroSkipper.NOT_IN_RUN) {
                run.add(code);
                continue;
            }
            flushRun(run, merged);
            merged.add(step);
        }
        flushRun(run, merged);
        return merged.toArray(new Step[0]);
    }

    private static void flushRun(List<Integer> run, List<Step> into) {
        if (!run.isEmpty()) {
            into.add(new SkipRunStep(run.stream().mapToInt(Integer::intValue).toArray()));
            run.clear();
        }
    }

    /** A field of which only some subfields are selected. */
    private Step planNested(Schema schema, FieldSelection nested, List<String> path) {
        if (schema.getType() == Schema.Type.RECORD
                && !AvroTypeMapping.VARIABLE_SCALE_DECIMAL.equals(schema.getFullName())) {
            return new DescendStep(planRecord(schema, nested, path));
        }
        if (schema.getType() == Schema.Type.UNION && schema.getTypes().size() == 2) {
            List<Schema> nonNull = AvroTypeMapping.nonNullBranches(schema);
            if (nonNull.size() == 1 && nonNull.get(0).getType() == Schema.Type.RECORD) {
                int nullIndex = schema.getTypes().get(0).getType() == Schema.Type.NULL ? 0 : 1;
                return new NullableDescendStep(nullIndex, planRecord(nonNull.get(0), nested, path));
            }
        }
        return new ExtractStep(planValue(schema, nested.rowType(), path), nested);
    }

    /** The reader of one value of {@code writer} as {@code declared}. */
    ValueReader planValue(Schema writer, LogicalType declared, List<String> path) {
        if (writer.getType() == Schema.Type.UNION) {
            return planUnion(writer, declared, path);
        }
        String logical = writer.getLogicalType() == null ? null : writer.getLogicalType().getName();
        LogicalTypeRoot root = declared.getTypeRoot();
        switch (writer.getType()) {
            case NULL:
                return AvroReaders.NULL;
            case BOOLEAN:
                if (root == LogicalTypeRoot.BOOLEAN) {
                    return AvroReaders.BOOLEAN;
                }
                break;
            case INT:
                if ("date".equals(logical) && root == LogicalTypeRoot.DATE) {
                    return AvroReaders.INT;
                }
                if ("time-millis".equals(logical)
                        && root == LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE) {
                    return AvroReaders.TIME_MILLIS;
                }
                switch (root) {
                    case INTEGER:
                        return AvroReaders.INT;
                    case BIGINT:
                        return AvroReaders.INT_AS_LONG;
                    case SMALLINT:
                        return AvroReaders.INT_AS_SHORT;
                    case TINYINT:
                        return AvroReaders.INT_AS_BYTE;
                    case FLOAT:
                        return AvroReaders.INT_AS_FLOAT;
                    case DOUBLE:
                        return AvroReaders.INT_AS_DOUBLE;
                    default:
                        break;
                }
                break;
            case LONG:
                {
                    ValueReader temporal = planLongLogical(logical, declared);
                    if (temporal != null) {
                        return temporal;
                    }
                    switch (root) {
                        case BIGINT:
                            return AvroReaders.LONG;
                        case INTEGER:
                            return AvroReaders.LONG_AS_INT;
                        case FLOAT:
                            return AvroReaders.LONG_AS_FLOAT;
                        case DOUBLE:
                            return AvroReaders.LONG_AS_DOUBLE;
                        default:
                            break;
                    }
                    break;
                }
            case FLOAT:
                if (root == LogicalTypeRoot.FLOAT) {
                    return AvroReaders.FLOAT;
                }
                if (root == LogicalTypeRoot.DOUBLE) {
                    return AvroReaders.FLOAT_AS_DOUBLE;
                }
                break;
            case DOUBLE:
                if (root == LogicalTypeRoot.DOUBLE) {
                    return AvroReaders.DOUBLE;
                }
                if (root == LogicalTypeRoot.FLOAT) {
                    return AvroReaders.DOUBLE_AS_FLOAT;
                }
                break;
            case STRING:
                if (declared.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    return AvroReaders.STRING;
                }
                if (declared.is(LogicalTypeFamily.BINARY_STRING)) {
                    return AvroReaders.BYTES;
                }
                break;
            case BYTES:
                if (writer.getLogicalType() instanceof LogicalTypes.Decimal
                        && root == LogicalTypeRoot.DECIMAL) {
                    return decimal(
                            -1, (LogicalTypes.Decimal) writer.getLogicalType(), declared, path);
                }
                if (declared.is(LogicalTypeFamily.BINARY_STRING)) {
                    return AvroReaders.BYTES;
                }
                if (declared.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    return AvroReaders.BYTES_AS_STRING;
                }
                break;
            case ENUM:
                if (declared.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    List<String> symbols = writer.getEnumSymbols();
                    BinaryStringData[] values = new BinaryStringData[symbols.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = BinaryStringData.fromString(symbols.get(i));
                    }
                    return new EnumReader(values);
                }
                break;
            case FIXED:
                if (writer.getLogicalType() instanceof LogicalTypes.Decimal
                        && root == LogicalTypeRoot.DECIMAL) {
                    return decimal(
                            writer.getFixedSize(),
                            (LogicalTypes.Decimal) writer.getLogicalType(),
                            declared,
                            path);
                }
                if ("duration".equals(logical)
                        && declared.copy(true).equals(AvroTypeMapping.durationType())) {
                    return AvroReaders.DURATION;
                }
                if ("uuid".equals(logical)
                        && writer.getFixedSize() == 16
                        && declared.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    return AvroReaders.FIXED_UUID;
                }
                if (declared.is(LogicalTypeFamily.BINARY_STRING)) {
                    return new FixedReader(writer.getFixedSize());
                }
                break;
            case ARRAY:
                if (root == LogicalTypeRoot.ARRAY) {
                    LogicalType element = declared.getChildren().get(0);
                    return new ArrayReader(
                            planValue(writer.getElementType(), element, append(path, "[]")),
                            AvroSkipper.of(writer.getElementType()).minBytes);
                }
                break;
            case MAP:
                if (root == LogicalTypeRoot.MAP
                        && ((MapType) declared)
                                .getKeyType()
                                .is(LogicalTypeFamily.CHARACTER_STRING)) {
                    return new MapReader(
                            planValue(
                                    writer.getValueType(),
                                    ((MapType) declared).getValueType(),
                                    append(path, "{}")),
                            AvroSkipper.of(writer.getValueType()).minBytes);
                }
                break;
            case RECORD:
                if (AvroTypeMapping.VARIABLE_SCALE_DECIMAL.equals(writer.getFullName())) {
                    ValueReader reader = variableScaleDecimal(writer, declared, path);
                    if (reader != null) {
                        return reader;
                    }
                    break;
                }
                if (root == LogicalTypeRoot.ROW) {
                    RowType row = (RowType) declared;
                    return new RowReader(
                            row.getFieldCount(), planRecord(writer, FieldSelection.all(row), path));
                }
                break;
            default:
                break;
        }
        throw mismatch(writer, declared, path);
    }

    private static ValueReader planLongLogical(String logical, LogicalType declared) {
        if (logical == null) {
            return null;
        }
        int digits;
        switch (logical) {
            case "time-micros":
                return declared.getTypeRoot() == LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE
                        ? AvroReaders.TIME_MICROS
                        : null;
            case "timestamp-millis":
            case "local-timestamp-millis":
                digits = 3;
                break;
            case "timestamp-micros":
            case "local-timestamp-micros":
                digits = 6;
                break;
            case "timestamp-nanos":
            case "local-timestamp-nanos":
                digits = 9;
                break;
            default:
                return null;
        }
        if (declared instanceof TimestampType) {
            return new TimestampReader(digits, ((TimestampType) declared).getPrecision());
        }
        if (declared instanceof LocalZonedTimestampType) {
            return new TimestampReader(digits, ((LocalZonedTimestampType) declared).getPrecision());
        }
        return null;
    }

    private static ValueReader decimal(
            int fixedSize, LogicalTypes.Decimal decimal, LogicalType declared, List<String> path) {
        DecimalType target = (DecimalType) declared;
        return new DecimalReader(
                ColumnMismatchException.quote(path),
                fixedSize,
                decimal.getScale(),
                target.getPrecision(),
                target.getScale());
    }

    private static ValueReader variableScaleDecimal(
            Schema record, LogicalType declared, List<String> path) {
        boolean asString = declared.is(LogicalTypeFamily.CHARACTER_STRING);
        if (!asString && declared.getTypeRoot() != LogicalTypeRoot.DECIMAL) {
            return null;
        }
        List<Schema.Field> fields = record.getFields();
        AvroSkipper[] skippers = new AvroSkipper[fields.size()];
        int scale = -1;
        int value = -1;
        for (int i = 0; i < fields.size(); i++) {
            skippers[i] = AvroSkipper.of(fields.get(i).schema());
            if (fields.get(i).name().equals("scale")
                    && fields.get(i).schema().getType() == Schema.Type.INT) {
                scale = i;
            } else if (fields.get(i).name().equals("value")
                    && fields.get(i).schema().getType() == Schema.Type.BYTES) {
                value = i;
            }
        }
        if (scale < 0 || value < 0) {
            return null;
        }
        int precision = asString ? 0 : ((DecimalType) declared).getPrecision();
        int targetScale = asString ? 0 : ((DecimalType) declared).getScale();
        return new VariableScaleDecimalReader(
                ColumnMismatchException.quote(path),
                skippers,
                scale,
                value,
                precision,
                targetScale,
                asString);
    }

    private ValueReader planUnion(Schema union, LogicalType declared, List<String> path) {
        List<Schema> branches = union.getTypes();
        List<Schema> nonNull = AvroTypeMapping.nonNullBranches(union);
        int nullIndex = -1;
        for (int i = 0; i < branches.size(); i++) {
            if (branches.get(i).getType() == Schema.Type.NULL) {
                nullIndex = i;
            }
        }
        if (nonNull.size() <= 1) {
            if (nonNull.isEmpty()) {
                return AvroReaders.NULL;
            }
            ValueReader value = planValue(nonNull.get(0), declared, path);
            if (branches.size() == 2) {
                return new NullableReader(nullIndex, value);
            }
            ValueReader[] readers = new ValueReader[branches.size()];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = i == nullIndex ? AvroReaders.NULL : value;
            }
            return new UnionReader(readers);
        }
        if (declared.getTypeRoot() != LogicalTypeRoot.ROW) {
            throw mismatch(union, declared, path);
        }
        RowType row = (RowType) declared;
        int[] fieldOfBranch = new int[branches.size()];
        ValueReader[] readers = new ValueReader[branches.size()];
        AvroSkipper[] skippers = new AvroSkipper[branches.size()];
        boolean[] matched = new boolean[row.getFieldCount()];
        for (int b = 0; b < branches.size(); b++) {
            fieldOfBranch[b] = -1;
            Schema branch = branches.get(b);
            if (b == nullIndex) {
                continue;
            }
            skippers[b] = AvroSkipper.of(branch);
            String name = AvroTypeMapping.branchName(branch);
            int f = row.getFieldIndex(name);
            if (f < 0) {
                f = findIgnoringCase(row.getFieldNames(), name);
            }
            if (f >= 0) {
                fieldOfBranch[b] = f;
                matched[f] = true;
                readers[b] = planValue(branch, row.getTypeAt(f), append(path, name));
            }
        }
        for (int f = 0; f < matched.length; f++) {
            if (!matched[f]) {
                throw new ColumnMismatchException(
                        append(path, row.getFieldNames().get(f)),
                        "the union "
                                + describe(union)
                                + " has no branch of that name; its branches are "
                                + nonNull.stream()
                                        .map(AvroTypeMapping::branchName)
                                        .reduce((a, b) -> a + ", " + b)
                                        .orElse(""));
            }
        }
        return new UnionRowReader(row.getFieldCount(), nullIndex, fieldOfBranch, readers, skippers);
    }

    private static int findField(List<Schema.Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        List<String> names = new ArrayList<>();
        for (Schema.Field field : fields) {
            names.add(field.name());
        }
        return findIgnoringCase(names, name);
    }

    /** The one name equal to {@code name} ignoring case, or -1 (also when several are). */
    private static int findIgnoringCase(List<String> names, String name) {
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    private static String fieldNames(List<Schema.Field> fields) {
        List<String> names = new ArrayList<>();
        for (Schema.Field field : fields) {
            names.add(field.name());
        }
        return String.join(", ", names);
    }

    private static ColumnMismatchException mismatch(
            Schema writer, LogicalType declared, List<String> path) {
        String implied;
        try {
            implied = AvroTypeMapping.typeOf(writer, path).asSummaryString();
        } catch (ColumnMismatchException e) {
            implied = null;
        }
        return new ColumnMismatchException(
                path,
                "the field is Avro "
                        + describe(writer)
                        + ", which cannot be read as "
                        + declared.asSummaryString()
                        + (implied != null ? "; declare it as " + implied : ""));
    }
}
