package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * RisingWave's protobuf to SQL type mapping, in Flink types: the columns a message implies.
 *
 * <p>double, float → DOUBLE, FLOAT; int32, sint32, sfixed32 → INT; int64, sint64, sfixed64, uint32,
 * fixed32 → BIGINT; uint64, fixed64 → DECIMAL(20, 0); bool → BOOLEAN; string → STRING; bytes →
 * BYTES; enum → STRING (the value's name); message and group → ROW (so {@code
 * google.protobuf.Timestamp} and {@code Duration} are ROW&lt;seconds BIGINT, nanos INT&gt;, the
 * wrappers ROW&lt;value T&gt;, {@code Any} ROW&lt;type_url STRING, value BYTES&gt;); repeated T →
 * ARRAY&lt;T&gt;; map&lt;K, V&gt; → MAP&lt;K, V&gt;; each oneof member is a column of its own. A
 * recursive message has no mapping.
 */
public final class ProtoTypeMapping {

    /** The DECIMAL that holds every uint64. */
    static final DecimalType UINT64_TYPE = new DecimalType(20, 0);

    private ProtoTypeMapping() {}

    /** The columns of {@code message}; fails with the path of a field that has no mapping. */
    public static RowType rowTypeOf(Descriptor message) {
        return messageType(message, new ArrayDeque<>(), new ArrayList<>());
    }

    /** The Flink type of one field. */
    static LogicalType typeOf(FieldDescriptor field, List<String> path) {
        return fieldType(field, new ArrayDeque<>(), path);
    }

    private static RowType messageType(
            Descriptor message, Deque<String> messages, List<String> path) {
        if (messages.contains(message.getFullName())) {
            throw new ColumnMismatchException(
                    path,
                    "message "
                            + message.getFullName()
                            + " contains itself (circular reference detected); Flink types cannot"
                            + " be recursive, leave the field out of the columns");
        }
        messages.push(message.getFullName());
        List<RowType.RowField> fields = new ArrayList<>();
        for (FieldDescriptor field : message.getFields()) {
            fields.add(
                    new RowType.RowField(
                            field.getName(),
                            fieldType(field, messages, append(path, field.getName()))));
        }
        messages.pop();
        return new RowType(fields);
    }

    private static LogicalType fieldType(
            FieldDescriptor field, Deque<String> messages, List<String> path) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return new MapType(
                    singleType(entry.findFieldByNumber(1), messages, append(path, "{key}")),
                    singleType(entry.findFieldByNumber(2), messages, append(path, "{value}")));
        }
        LogicalType single = singleType(field, messages, path);
        return field.isRepeated() ? new ArrayType(single) : single;
    }

    private static LogicalType singleType(
            FieldDescriptor field, Deque<String> messages, List<String> path) {
        switch (field.getType()) {
            case DOUBLE:
                return new DoubleType();
            case FLOAT:
                return new FloatType();
            case INT32:
            case SINT32:
            case SFIXED32:
                return new IntType();
            case INT64:
            case SINT64:
            case SFIXED64:
            case UINT32:
            case FIXED32:
                return new BigIntType();
            case UINT64:
            case FIXED64:
                return UINT64_TYPE;
            case BOOL:
                return new BooleanType();
            case STRING:
            case ENUM:
                return new VarCharType(VarCharType.MAX_LENGTH);
            case BYTES:
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case MESSAGE:
            case GROUP:
                return messageType(field.getMessageType(), messages, path);
            default:
                throw new ColumnMismatchException(path, "unknown protobuf type " + field.getType());
        }
    }

    /** The protobuf type of a field for messages, e.g. {@code repeated int64}. */
    static String describe(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return "map<"
                    + singleName(entry.findFieldByNumber(1))
                    + ", "
                    + singleName(entry.findFieldByNumber(2))
                    + ">";
        }
        return (field.isRepeated() ? "repeated " : "") + singleName(field);
    }

    private static String singleName(FieldDescriptor field) {
        switch (field.getType()) {
            case MESSAGE:
            case GROUP:
                return field.getMessageType().getFullName();
            case ENUM:
                return "enum " + field.getEnumType().getFullName();
            default:
                return field.getType().name().toLowerCase(Locale.ROOT);
        }
    }

    static List<String> append(List<String> path, String name) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(name);
        return longer;
    }
}
