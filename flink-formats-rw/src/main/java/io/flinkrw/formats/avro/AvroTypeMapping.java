package io.flinkrw.formats.avro;

import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * RisingWave's Avro to SQL type mapping, in Flink types: the columns an Avro record implies.
 *
 * <p>boolean, int, long, float, double, bytes, string map to BOOLEAN, INT, BIGINT, FLOAT, DOUBLE,
 * BYTES, STRING; enum and uuid to STRING; fixed to BINARY(size); record to ROW; array to ARRAY; map
 * to MAP&lt;STRING, V&gt;; {@code [null, T]} to a nullable T; a union of several types to a ROW
 * with one field per branch, named after the branch type; decimal to DECIMAL(p, s); date to DATE;
 * time-millis / -micros to TIME(3) / TIME(6); timestamp-millis / -micros / -nanos to
 * TIMESTAMP_LTZ(3 / 6 / 9); local-timestamp-* to TIMESTAMP(3 / 6 / 9); duration to ROW&lt;months,
 * days, millis&gt;; Debezium's VariableScaleDecimal to DECIMAL(38, 10). Every column is nullable. A
 * recursive record, a lone null and big-decimal have no mapping.
 */
public final class AvroTypeMapping {

    /** The record name Debezium gives a decimal of variable scale. */
    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    /** The DECIMAL a VariableScaleDecimal maps to. */
    static final DecimalType VARIABLE_SCALE_DECIMAL_TYPE = new DecimalType(38, 10);

    private AvroTypeMapping() {}

    /** The columns of {@code record}; fails with the path of a field that has no mapping. */
    public static RowType rowTypeOf(Schema record) {
        if (record.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Not a record: " + describe(record));
        }
        return (RowType) typeOf(record, new ArrayDeque<>(), new ArrayList<>(), true);
    }

    /** The Flink type of one Avro schema (a column type). */
    public static LogicalType typeOf(Schema schema, List<String> path) {
        return typeOf(schema, new ArrayDeque<>(), path, false);
    }

    private static LogicalType typeOf(
            Schema schema, Deque<String> records, List<String> path, boolean top) {
        String logical = schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
        switch (schema.getType()) {
            case NULL:
                throw new ColumnMismatchException(
                        path, "a field of type null alone has no SQL type");
            case BOOLEAN:
                return new BooleanType();
            case INT:
                if ("date".equals(logical)) {
                    return new DateType();
                }
                if ("time-millis".equals(logical)) {
                    return new TimeType(3);
                }
                return new IntType();
            case LONG:
                if (logical != null) {
                    switch (logical) {
                        case "time-micros":
                            return new TimeType(6);
                        case "timestamp-millis":
                            return new LocalZonedTimestampType(3);
                        case "timestamp-micros":
                            return new LocalZonedTimestampType(6);
                        case "timestamp-nanos":
                            return new LocalZonedTimestampType(9);
                        case "local-timestamp-millis":
                            return new TimestampType(3);
                        case "local-timestamp-micros":
                            return new TimestampType(6);
                        case "local-timestamp-nanos":
                            return new TimestampType(9);
                        default:
                            break;
                    }
                }
                return new BigIntType();
            case FLOAT:
                return new FloatType();
            case DOUBLE:
                return new DoubleType();
            case BYTES:
                if ("big-decimal".equals(logical)) {
                    throw new ColumnMismatchException(
                            path, "big-decimal has no SQL type (its scale varies per value)");
                }
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
                    return decimalType((LogicalTypes.Decimal) schema.getLogicalType(), path);
                }
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case STRING:
            case ENUM:
                return new VarCharType(VarCharType.MAX_LENGTH);
            case FIXED:
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
                    return decimalType((LogicalTypes.Decimal) schema.getLogicalType(), path);
                }
                if ("duration".equals(logical)) {
                    return durationType();
                }
                if ("uuid".equals(logical)) {
                    return new VarCharType(VarCharType.MAX_LENGTH);
                }
                return new BinaryType(Math.max(1, schema.getFixedSize()));
            case ARRAY:
                return new ArrayType(
                        typeOf(schema.getElementType(), records, append(path, "[]"), false));
            case MAP:
                return new MapType(
                        new VarCharType(VarCharType.MAX_LENGTH),
                        typeOf(schema.getValueType(), records, append(path, "{}"), false));
            case UNION:
                return unionType(schema, records, path);
            case RECORD:
                return recordType(schema, records, path, top);
            default:
                throw new ColumnMismatchException(path, "unknown Avro type " + schema.getType());
        }
    }

    private static LogicalType recordType(
            Schema schema, Deque<String> records, List<String> path, boolean top) {
        if (!top && VARIABLE_SCALE_DECIMAL.equals(schema.getFullName())) {
            return VARIABLE_SCALE_DECIMAL_TYPE;
        }
        if (records.contains(schema.getFullName())) {
            throw new ColumnMismatchException(
                    path,
                    "record "
                            + schema.getFullName()
                            + " contains itself (circular reference detected); Flink types"
                            + " cannot be recursive");
        }
        records.push(schema.getFullName());
        List<RowType.RowField> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(
                    new RowType.RowField(
                            field.name(),
                            typeOf(field.schema(), records, append(path, field.name()), false)));
        }
        records.pop();
        return new RowType(fields);
    }

    private static LogicalType unionType(Schema union, Deque<String> records, List<String> path) {
        List<Schema> branches = nonNullBranches(union);
        if (branches.isEmpty()) {
            throw new ColumnMismatchException(path, "a union of null alone has no SQL type");
        }
        if (branches.size() == 1) {
            return typeOf(branches.get(0), records, path, false);
        }
        List<RowType.RowField> fields = new ArrayList<>();
        for (Schema branch : branches) {
            String name = branchName(branch);
            fields.add(
                    new RowType.RowField(name, typeOf(branch, records, append(path, name), false)));
        }
        return new RowType(fields);
    }

    static DecimalType decimalType(LogicalTypes.Decimal decimal, List<String> path) {
        if (decimal.getPrecision() > DecimalType.MAX_PRECISION) {
            throw new ColumnMismatchException(
                    path,
                    "decimal precision "
                            + decimal.getPrecision()
                            + " exceeds Flink's maximum of "
                            + DecimalType.MAX_PRECISION);
        }
        return new DecimalType(decimal.getPrecision(), decimal.getScale());
    }

    static RowType durationType() {
        return RowType.of(
                new LogicalType[] {new BigIntType(), new BigIntType(), new BigIntType()},
                new String[] {"months", "days", "millis"});
    }

    /** The branches of a union other than null. */
    static List<Schema> nonNullBranches(Schema union) {
        return union.getTypes().stream()
                .filter(b -> b.getType() != Schema.Type.NULL)
                .collect(Collectors.toList());
    }

    /** The field name of a union branch: its type name, or its name for named types. */
    static String branchName(Schema branch) {
        switch (branch.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                return branch.getName();
            default:
                return branch.getType().getName();
        }
    }

    /** A short description of a schema for messages, e.g. {@code long (timestamp-millis)}. */
    static String describe(Schema schema) {
        switch (schema.getType()) {
            case RECORD:
            case ENUM:
            case FIXED:
                return schema.getType().getName()
                        + " "
                        + schema.getFullName()
                        + (schema.getLogicalType() != null
                                ? " (" + schema.getLogicalType().getName() + ")"
                                : "");
            case ARRAY:
                return "array<" + describe(schema.getElementType()) + ">";
            case MAP:
                return "map<" + describe(schema.getValueType()) + ">";
            case UNION:
                return schema.getTypes().stream()
                        .map(AvroTypeMapping::describe)
                        .collect(Collectors.joining(", ", "union [", "]"));
            default:
                return schema.getType().getName()
                        + (schema.getLogicalType() != null
                                ? " (" + schema.getLogicalType().getName() + ")"
                                : "");
        }
    }

    static List<String> append(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return longer;
    }
}
