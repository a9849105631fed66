package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.protobuf.ProtoMessagePlan.EnumNames;
import io.flinkrw.formats.protobuf.ProtoMessagePlan.Field;
import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.flinkrw.formats.protobuf.ProtoMessagePlan.BOOL;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.BYTES;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.DESCEND;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.DOUBLE;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.ENUM_NAME;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.ENUM_NUMBER;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.FIXED32_LONG;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.FIXED64_DECIMAL;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.FLOAT;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.FLOAT_DOUBLE;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.INT32_INT;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.INT32_LONG;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.INT64;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.MAP;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.MESSAGE;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.REPEATED;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SFIXED32_INT;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SFIXED32_LONG;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SFIXED64;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SINGULAR;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SINT32_INT;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SINT32_LONG;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.SINT64;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.STRING;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.TIMESTAMP;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.UINT32_LONG;
import static io.flinkrw.formats.protobuf.ProtoMessagePlan.UINT64_DECIMAL;
import static io.flinkrw.formats.protobuf.ProtoTypeMapping.append;

/**
 * Plans the decoder of a message for the declared columns: fields are matched by their proto name
 * (exactly, else ignoring case when that is unambiguous) and each declared type is checked against
 * the field's protobuf type; a mismatch is a {@link ColumnMismatchException}.
 *
 * <p>Besides RisingWave's mapping a column may widen (INT32 → BIGINT, FLOAT → DOUBLE, uint64 into
 * any DECIMAL(p ≥ 20, 0)), read an enum as its number (INT), and read a {@code
 * google.protobuf.Timestamp} as TIMESTAMP_LTZ(p) or TIMESTAMP(p).
 */
final class ProtoPlanner {

    static final String TIMESTAMP_MESSAGE = "google.protobuf.Timestamp";

    private ProtoPlanner() {}

    /** The plan of a payload: the selected columns into slots of a row of the selection's size. */
    static ProtoMessagePlan plan(Descriptor message, FieldSelection selection) {
        return planMessage(message, selection, producedArity(selection), List.of());
    }

    /** The plan of a payload whose produced row has {@code arity} fields. */
    static ProtoMessagePlan plan(Descriptor message, FieldSelection selection, int arity) {
        return planMessage(message, selection, arity, List.of());
    }

    private static int producedArity(FieldSelection selection) {
        int max = -1;
        for (int i = 0; i < selection.fieldCount(); i++) {
            max = Math.max(max, selection.slot(i));
            if (selection.nested(i) != null) {
                max = Math.max(max, producedArity(selection.nested(i)) - 1);
            }
        }
        return max + 1;
    }

    private static ProtoMessagePlan planMessage(
            Descriptor message, FieldSelection selection, int arity, List<String> path) {
        List<Field> fields = new ArrayList<>();
        List<Integer> defaultSlots = new ArrayList<>();
        List<Object> defaultValues = new ArrayList<>();
        List<Integer> arraySlots = new ArrayList<>();
        List<Integer> mapSlots = new ArrayList<>();
        Map<FieldDescriptor, String> claimed = new IdentityHashMap<>();
        Map<OneofDescriptor, List<Field>> oneofs = new IdentityHashMap<>();
        for (int i = 0; i < selection.fieldCount(); i++) {
            if (!selection.isSelected(i)) {
                continue;
            }
            String name = selection.fieldName(i);
            List<String> fieldPath = append(path, name);
            FieldDescriptor descriptor = find(message, name);
            if (descriptor == null) {
                throw new ColumnMismatchException(
                        fieldPath,
                        "message "
                                + message.getFullName()
                                + " has no field of that name; its fields are "
                                + message.getFields().stream()
                                        .map(FieldDescriptor::getName)
                                        .collect(Collectors.joining(", ")));
            }
            String previous = claimed.put(descriptor, name);
            if (previous != null) {
                throw new ColumnMismatchException(
                        fieldPath,
                        "it matches field "
                                + descriptor.getName()
                                + " which column "
                                + previous
                                + " reads already");
            }
            Field field;
            if (selection.slot(i) >= 0) {
                field = planField(descriptor, selection.fieldType(i), selection.slot(i), fieldPath);
                if (field.mode == SINGULAR && !descriptor.hasPresence()) {
                    defaultSlots.add(field.slot);
                    defaultValues.add(field.defaultValue);
                } else if (field.mode == REPEATED) {
                    arraySlots.add(field.slot);
                } else if (field.mode == MAP) {
                    mapSlots.add(field.slot);
                }
            } else {
                if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                        || descriptor.isRepeated()) {
                    throw new ColumnMismatchException(
                            fieldPath,
                            "the field is "
                                    + ProtoTypeMapping.describe(descriptor)
                                    + ", which cannot be read as "
                                    + selection.fieldType(i).asSummaryString());
                }
                ProtoMessagePlan nested =
                        planMessage(
                                descriptor.getMessageType(), selection.nested(i), arity, fieldPath);
                field =
                        new Field(
                                descriptor.getNumber(),
                                DESCEND,
                                MESSAGE,
                                ProtoMessagePlan.wireTypeOfKind(
                                        MESSAGE,
                                        descriptor.getType() == FieldDescriptor.Type.GROUP),
                                -1,
                                false,
                                0,
                                nested,
                                null,
                                null,
                                null,
                                null);
            }
            field.column = ColumnMismatchException.quote(fieldPath);
            fields.add(field);
            OneofDescriptor oneof = descriptor.getRealContainingOneof();
            if (oneof != null && field.mode == SINGULAR) {
                oneofs.computeIfAbsent(oneof, o -> new ArrayList<>()).add(field);
            }
        }
        for (List<Field> members : oneofs.values()) {
            for (Field member : members) {
                member.oneofSiblingSlots =
                        members.stream()
                                .filter(other -> other != member)
                                .mapToInt(other -> other.slot)
                                .toArray();
            }
        }
        return new ProtoMessagePlan(
                message.getFullName(),
                arity,
                fields,
                defaultSlots.stream().mapToInt(Integer::intValue).toArray(),
                defaultValues.toArray(),
                arraySlots.stream().mapToInt(Integer::intValue).toArray(),
                mapSlots.stream().mapToInt(Integer::intValue).toArray());
    }

    private static FieldDescriptor find(Descriptor message, String name) {
        FieldDescriptor exact = message.findFieldByName(name);
        if (exact != null) {
            return exact;
        }
        FieldDescriptor found = null;
        for (FieldDescriptor field : message.getFields()) {
            if (field.getName().equalsIgnoreCase(name)) {
                if (found != null) {
                    return null;
                }
                found = field;
            }
        }
        return found;
    }

    private static Field planField(
            FieldDescriptor descriptor, LogicalType declared, int slot, List<String> path) {
        if (descriptor.isMapField()) {
            if (!(declared instanceof MapType)) {
                throw mismatch(descriptor, declared, path);
            }
            MapType map = (MapType) declared;
            Descriptor entry = descriptor.getMessageType();
            Field key =
                    valueField(
                            entry.findFieldByNumber(1),
                            map.getKeyType(),
                            SINGULAR,
                            -1,
                            append(path, "{key}"));
            Field value =
                    valueField(
                            entry.findFieldByNumber(2),
                            map.getValueType(),
                            SINGULAR,
                            -1,
                            append(path, "{value}"));
            return new Field(
                    descriptor.getNumber(),
                    MAP,
                    MESSAGE,
                    ProtoInput.LENGTH_DELIMITED,
                    slot,
                    false,
                    0,
                    null,
                    null,
                    key,
                    value,
                    null);
        }
        if (descriptor.isRepeated()) {
            if (!(declared instanceof ArrayType)) {
                throw mismatch(descriptor, declared, path);
            }
            LogicalType element = ((ArrayType) declared).getElementType();
            if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    || element.getTypeRoot() != LogicalTypeRoot.ROW) {
                try {
                    return valueField(descriptor, element, REPEATED, slot, path);
                } catch (ColumnMismatchException e) {
                    throw mismatch(descriptor, declared, path);
                }
            }
            return valueField(descriptor, element, REPEATED, slot, path);
        }
        return valueField(descriptor, declared, SINGULAR, slot, path);
    }

    /** A field (or an element, a map key or value) read as one value of {@code declared}. */
    private static Field valueField(
            FieldDescriptor descriptor,
            LogicalType declared,
            int mode,
            int slot,
            List<String> path) {
        LogicalTypeRoot root = declared.getTypeRoot();
        int kind = -1;
        int precision = 0;
        ProtoMessagePlan message = null;
        EnumNames enumNames = null;
        switch (descriptor.getType()) {
            case INT32:
                kind = intKind(root, INT32_INT, INT32_LONG);
                break;
            case SINT32:
                kind = intKind(root, SINT32_INT, SINT32_LONG);
                break;
            case SFIXED32:
                kind = intKind(root, SFIXED32_INT, SFIXED32_LONG);
                break;
            case INT64:
                kind = root == LogicalTypeRoot.BIGINT ? INT64 : -1;
                break;
            case SINT64:
                kind = root == LogicalTypeRoot.BIGINT ? SINT64 : -1;
                break;
            case SFIXED64:
                kind = root == LogicalTypeRoot.BIGINT ? SFIXED64 : -1;
                break;
            case UINT32:
                kind = root == LogicalTypeRoot.BIGINT ? UINT32_LONG : -1;
                break;
            case FIXED32:
                kind = root == LogicalTypeRoot.BIGINT ? FIXED32_LONG : -1;
                break;
            case UINT64:
            case FIXED64:
                if (declared instanceof DecimalType
                        && ((DecimalType) declared).getScale() == 0
                        && ((DecimalType) declared).getPrecision() >= 20) {
                    kind =
                            descriptor.getType() == FieldDescriptor.Type.UINT64
                                    ? UINT64_DECIMAL
                                    : FIXED64_DECIMAL;
                    precision = ((DecimalType) declared).getPrecision();
                }
                break;
            case BOOL:
                kind = root == LogicalTypeRoot.BOOLEAN ? BOOL : -1;
                break;
            case FLOAT:
                kind =
                        root == LogicalTypeRoot.FLOAT
                                ? FLOAT
                                : root == LogicalTypeRoot.DOUBLE ? FLOAT_DOUBLE : -1;
                break;
            case DOUBLE:
                kind = root == LogicalTypeRoot.DOUBLE ? DOUBLE : -1;
                break;
            case STRING:
                kind = declared.is(LogicalTypeFamily.CHARACTER_STRING) ? STRING : -1;
                break;
            case BYTES:
                kind = declared.is(LogicalTypeFamily.BINARY_STRING) ? BYTES : -1;
                break;
            case ENUM:
                if (declared.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    kind = ENUM_NAME;
                    enumNames = enumNames(descriptor.getEnumType());
                } else if (root == LogicalTypeRoot.INTEGER) {
                    kind = ENUM_NUMBER;
                }
                break;
            case MESSAGE:
            case GROUP:
                if (descriptor.getMessageType().getFullName().equals(TIMESTAMP_MESSAGE)
                        && (declared instanceof LocalZonedTimestampType
                                || declared instanceof TimestampType)) {
                    kind = TIMESTAMP;
                    precision =
                            declared instanceof TimestampType
                                    ? ((TimestampType) declared).getPrecision()
                                    : ((LocalZonedTimestampType) declared).getPrecision();
                } else if (declared instanceof RowType) {
                    kind = MESSAGE;
                    RowType row = (RowType) declared;
                    message =
                            planMessage(
                                    descriptor.getMessageType(),
                                    FieldSelection.all(row),
                                    row.getFieldCount(),
                                    path);
                }
                break;
            default:
                break;
        }
        if (kind < 0) {
            throw mismatch(descriptor, declared, path);
        }
        return new Field(
                descriptor.getNumber(),
                mode,
                kind,
                ProtoMessagePlan.wireTypeOfKind(
                        kind, descriptor.getType() == FieldDescriptor.Type.GROUP),
                slot,
                kind == STRING,
                precision,
                message,
                enumNames,
                null,
                null,
                mode == SINGULAR ? defaultValue(descriptor, kind, precision, enumNames) : null);
    }

    private static int intKind(LogicalTypeRoot root, int asInt, int asLong) {
        if (root == LogicalTypeRoot.INTEGER) {
            return asInt;
        }
        return root == LogicalTypeRoot.BIGINT ? asLong : -1;
    }

    private static EnumNames enumNames(EnumDescriptor type) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (EnumValueDescriptor value : type.getValues()) {
            min = Math.min(min, value.getNumber());
            max = Math.max(max, value.getNumber());
        }
        if ((long) max - min < 1024) {
            BinaryStringData[] dense = new BinaryStringData[max - min + 1];
            for (EnumValueDescriptor value : type.getValues()) {
                if (dense[value.getNumber() - min] == null) {
                    dense[value.getNumber() - min] = BinaryStringData.fromString(value.getName());
                }
            }
            return new EnumNames(min, dense, null);
        }
        Map<Integer, BinaryStringData> sparse = new HashMap<>();
        for (EnumValueDescriptor value : type.getValues()) {
            sparse.putIfAbsent(value.getNumber(), BinaryStringData.fromString(value.getName()));
        }
        return new EnumNames(0, null, sparse);
    }

    /** The value of an absent field without presence, in the Flink form of {@code kind}. */
    private static Object defaultValue(
            FieldDescriptor descriptor, int kind, int precision, EnumNames enumNames) {
        if (kind == MESSAGE || kind == TIMESTAMP) {
            return null;
        }
        Object value = descriptor.getDefaultValue();
        switch (kind) {
            case ENUM_NAME:
                return enumNames.name(((EnumValueDescriptor) value).getNumber());
            case ENUM_NUMBER:
                return ((EnumValueDescriptor) value).getNumber();
            case STRING:
                return BinaryStringData.fromString((String) value);
            case BYTES:
                return ((ByteString) value).toByteArray();
            case INT32_INT:
            case SINT32_INT:
            case SFIXED32_INT:
                return value;
            case INT32_LONG:
            case SINT32_LONG:
            case SFIXED32_LONG:
                return (long) (Integer) value;
            case UINT32_LONG:
            case FIXED32_LONG:
                return Integer.toUnsignedLong((Integer) value);
            case UINT64_DECIMAL:
            case FIXED64_DECIMAL:
                return ProtoMessagePlan.unsigned64((Long) value, precision);
            case FLOAT_DOUBLE:
                return (double) (Float) value;
            default:
                return value;
        }
    }

    private static ColumnMismatchException mismatch(
            FieldDescriptor descriptor, LogicalType declared, List<String> path) {
        String implied;
        try {
            implied = ProtoTypeMapping.typeOf(descriptor, path).asSummaryString();
        } catch (ColumnMismatchException e) {
            implied = null;
        }
        return new ColumnMismatchException(
                path,
                "the field is "
                        + ProtoTypeMapping.describe(descriptor)
                        + ", which cannot be read as "
                        + declared.asSummaryString()
                        + (implied != null ? "; declare it as " + implied : ""));
    }
}
