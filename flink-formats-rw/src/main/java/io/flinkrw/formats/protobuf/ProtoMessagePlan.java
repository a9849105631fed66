package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.TemporalValues;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.binary.BinaryStringData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.flinkrw.formats.protobuf.ProtoInput.END_GROUP;
import static io.flinkrw.formats.protobuf.ProtoInput.FIXED32;
import static io.flinkrw.formats.protobuf.ProtoInput.FIXED64;
import static io.flinkrw.formats.protobuf.ProtoInput.LENGTH_DELIMITED;
import static io.flinkrw.formats.protobuf.ProtoInput.START_GROUP;
import static io.flinkrw.formats.protobuf.ProtoInput.VARINT;

/**
 * The decoder of one message for the selected columns, planned once from its descriptor: fields are
 * found by number in an array, each read straight into its slot of a {@link GenericRowData}
 * (strings stay UTF-8 bytes), unknown and unselected fields are skipped, and at the end of the
 * message the fields without presence that were absent get their proto3 default, repeated fields
 * become arrays and maps become maps.
 */
final class ProtoMessagePlan {

    // Value kinds: how the wire value of a field becomes a Flink value.
    static final int INT32_INT = 0;
    static final int INT32_LONG = 1;
    static final int INT64 = 2;
    static final int UINT32_LONG = 3;
    static final int UINT64_DECIMAL = 4;
    static final int SINT32_INT = 5;
    static final int SINT32_LONG = 6;
    static final int SINT64 = 7;
    static final int FIXED32_LONG = 8;
    static final int FIXED64_DECIMAL = 9;
    static final int SFIXED32_INT = 10;
    static final int SFIXED32_LONG = 11;
    static final int SFIXED64 = 12;
    static final int BOOL = 13;
    static final int FLOAT = 14;
    static final int FLOAT_DOUBLE = 15;
    static final int DOUBLE = 16;
    static final int STRING = 17;
    static final int BYTES = 18;
    static final int ENUM_NAME = 19;
    static final int ENUM_NUMBER = 20;
    static final int MESSAGE = 21;
    static final int TIMESTAMP = 22;

    // Field modes.
    static final int SINGULAR = 0;
    static final int REPEATED = 1;
    static final int MAP = 2;
    static final int DESCEND = 3;

    static final byte[] EMPTY_BYTES = new byte[0];

    private static final BigDecimal TWO_TO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

    /** One field of the message. */
    static final class Field {
        final int number;
        final int mode;
        final int kind;
        final int wireType;
        final int slot;
        final boolean packable;
        final boolean validateUtf8;
        final int precision;
        final ProtoMessagePlan message;
        final EnumNames enumNames;
        final Field mapKey;
        final Field mapValue;

        /** The value of the field when absent (proto3 default), null for messages. */
        final Object defaultValue;

        /** Where a repeated field's elements gather while its message is read. */
        final Elements elements;

        int[] oneofSiblingSlots;

        /** The column the field fills, a quoted dotted path, for errors. */
        String column;

        Field(
                int number,
                int mode,
                int kind,
                int wireType,
                int slot,
                boolean validateUtf8,
                int precision,
                ProtoMessagePlan message,
                EnumNames enumNames,
                Field mapKey,
                Field mapValue,
                Object defaultValue) {
            this.number = number;
            this.mode = mode;
            this.kind = kind;
            this.wireType = wireType;
            this.slot = slot;
            this.packable = wireType != LENGTH_DELIMITED && wireType != START_GROUP;
            this.validateUtf8 = validateUtf8;
            this.precision = precision;
            this.message = message;
            this.enumNames = enumNames;
            this.mapKey = mapKey;
            this.mapValue = mapValue;
            this.defaultValue = defaultValue;
            this.elements = mode == REPEATED ? new Elements() : null;
        }
    }

    /**
     * The elements of one repeated field of the message being read. It sits in the field's slot
     * until the message is complete, then becomes an array; a plan reads one message at a time, so
     * one buffer per field is enough.
     */
    static final class Elements {
        private Object[] items = new Object[8];
        private int size;

        void add(Object item) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }

        void start(Object previous, ProtoInput in) throws DecodeException {
            size = 0;
            if (previous instanceof GenericArrayData) {
                // A message given twice: its repeated fields are concatenated.
                Object[] earlier = ((GenericArrayData) previous).toObjectArray();
                in.chargeMerge(earlier.length);
                for (Object item : earlier) {
                    add(item);
                }
            }
        }

        GenericArrayData finish() {
            GenericArrayData array = new GenericArrayData(Arrays.copyOf(items, size));
            Arrays.fill(items, 0, size, null);
            size = 0;
            return array;
        }
    }

    private static final GenericArrayData EMPTY_ARRAY = new GenericArrayData(new Object[0]);

    /** Enum value names by number; an unknown number reads as its decimal text. */
    static final class EnumNames {
        private final int min;
        private final BinaryStringData[] dense;
        private final Map<Integer, BinaryStringData> sparse;

        EnumNames(int min, BinaryStringData[] dense, Map<Integer, BinaryStringData> sparse) {
            this.min = min;
            this.dense = dense;
            this.sparse = sparse;
        }

        BinaryStringData name(int number) {
            if (dense != null) {
                int index = number - min;
                if (index >= 0 && index < dense.length && dense[index] != null) {
                    return dense[index];
                }
            } else {
                BinaryStringData name = sparse.get(number);
                if (name != null) {
                    return name;
                }
            }
            return BinaryStringData.fromString(Integer.toString(number));
        }
    }

    final String name;
    final int arity;
    private final Field[] byNumber;
    private final Map<Integer, Field> sparse;
    private final int[] defaultSlots;
    private final Object[] defaultValues;
    private final int[] arraySlots;
    private final int[] mapSlots;

    ProtoMessagePlan(
            String name,
            int arity,
            List<Field> fields,
            int[] defaultSlots,
            Object[] defaultValues,
            int[] arraySlots,
            int[] mapSlots) {
        this.name = name;
        this.arity = arity;
        int maxNumber = 0;
        for (Field field : fields) {
            maxNumber = Math.max(maxNumber, field.number);
        }
        if (maxNumber <= 4096) {
            this.byNumber = new Field[maxNumber + 1];
            this.sparse = null;
            for (Field field : fields) {
                byNumber[field.number] = field;
            }
        } else {
            this.byNumber = new Field[0];
            this.sparse = new HashMap<>();
            for (Field field : fields) {
                sparse.put(field.number, field);
            }
        }
        this.defaultSlots = defaultSlots;
        this.defaultValues = defaultValues;
        this.arraySlots = arraySlots;
        this.mapSlots = mapSlots;
    }

    /** Reads a whole payload into a new row. */
    GenericRowData readPayload(ProtoInput in) throws DecodeException {
        GenericRowData row = new GenericRowData(arity);
        readFields(in, row, -1);
        return row;
    }

    /**
     * Reads fields into {@code row} up to the input's limit, or, for a group, up to its end tag;
     * then completes the row.
     */
    void readFields(ProtoInput in, GenericRowData row, int groupNumber) throws DecodeException {
        Field[] fields = byNumber;
        int read = 0;
        int skipped = 0;
        while (!in.isAtLimit()) {
            int tag = in.readTag();
            int wireType = tag & 7;
            int number = tag >>> 3;
            if (wireType == END_GROUP) {
                if (number != groupNumber) {
                    throw in.error("unexpected end of group " + number);
                }
                complete(row);
                in.counts().add(read, skipped);
                return;
            }
            Field field =
                    number < fields.length
                            ? fields[number]
                            : (sparse == null ? null : sparse.get(number));
            if (field == null
                    || (wireType != field.wireType
                            && !(field.packable
                                    && wireType == LENGTH_DELIMITED
                                    && field.mode == REPEATED))) {
                in.skipField(tag);
                skipped++;
                continue;
            }
            try {
                readField(in, field, wireType, row);
            } catch (DecodeException e) {
                throw DecodeException.inColumn(field.column, e);
            }
            if (field.mode != DESCEND) {
                // A descended field counts through its selected subfields.
                read++;
            }
        }
        if (groupNumber >= 0) {
            throw in.error("group " + groupNumber + " without its end");
        }
        complete(row);
        in.counts().add(read, skipped);
    }

    /** Proto3 defaults for absent fields without presence; lists and maps made final. */
    private void complete(GenericRowData row) {
        for (int i = 0; i < defaultSlots.length; i++) {
            if (row.getField(defaultSlots[i]) == null) {
                row.setField(defaultSlots[i], defaultValues[i]);
            }
        }
        for (int slot : arraySlots) {
            Object value = row.getField(slot);
            if (value == null) {
                row.setField(slot, EMPTY_ARRAY);
            } else if (value instanceof Elements) {
                row.setField(slot, ((Elements) value).finish());
            }
        }
        for (int slot : mapSlots) {
            Object value = row.getField(slot);
            if (value == null) {
                row.setField(slot, new GenericMapData(Map.of()));
            } else if (value instanceof LinkedHashMap) {
                row.setField(slot, new GenericMapData((Map<?, ?>) value));
            }
        }
    }

    private static void readField(ProtoInput in, Field field, int wireType, GenericRowData row)
            throws DecodeException {
        switch (field.mode) {
            case SINGULAR:
                if (field.kind == MESSAGE) {
                    Object existing = row.getField(field.slot);
                    GenericRowData nested =
                            existing != null
                                    ? (GenericRowData) existing
                                    : new GenericRowData(field.message.arity);
                    readMessage(in, field, wireType, nested);
                    row.setField(field.slot, nested);
                } else {
                    row.setField(field.slot, readValue(in, field, wireType));
                }
                if (field.oneofSiblingSlots != null) {
                    for (int sibling : field.oneofSiblingSlots) {
                        row.setField(sibling, null);
                    }
                }
                return;
            case REPEATED:
                {
                    Elements elements = field.elements;
                    Object current = row.getField(field.slot);
                    if (current != elements) {
                        elements.start(current, in);
                        row.setField(field.slot, elements);
                    }
                    if (wireType == LENGTH_DELIMITED && field.packable) {
                        int length = in.readLength();
                        int oldLimit = in.pushLimit(length);
                        while (!in.isAtLimit()) {
                            elements.add(readValue(in, field, field.wireType));
                        }
                        in.popLimit(oldLimit);
                    } else {
                        elements.add(readValue(in, field, wireType));
                    }
                    return;
                }
            case MAP:
                readMapEntry(in, field, row);
                return;
            case DESCEND:
                readMessage(in, field, wireType, row);
                return;
            default:
                throw new IllegalStateException("Unknown field mode " + field.mode);
        }
    }

    /** A nested message (length-delimited) or group read into {@code target}. */
    private static void readMessage(ProtoInput in, Field field, int wireType, GenericRowData target)
            throws DecodeException {
        in.enter();
        if (wireType == START_GROUP) {
            field.message.readFields(in, target, field.number);
        } else {
            int length = in.readLength();
            int oldLimit = in.pushLimit(length);
            field.message.readFields(in, target, -1);
            in.popLimit(oldLimit);
        }
        in.exit();
    }

    @SuppressWarnings("unchecked")
    private static void readMapEntry(ProtoInput in, Field field, GenericRowData row)
            throws DecodeException {
        Object value = row.getField(field.slot);
        Map<Object, Object> map;
        if (value instanceof LinkedHashMap) {
            map = (Map<Object, Object>) value;
        } else {
            map = new LinkedHashMap<>();
            if (value instanceof GenericMapData) {
                GenericMapData previous = (GenericMapData) value;
                in.chargeMerge((long) previous.size() * ProtoInput.MAP_ENTRY_MERGE_COST);
                Object[] keys = ((GenericArrayData) previous.keyArray()).toObjectArray();
                for (Object key : keys) {
                    map.put(key, previous.get(key));
                }
            }
            row.setField(field.slot, map);
        }
        in.enter();
        int length = in.readLength();
        int oldLimit = in.pushLimit(length);
        Object key = null;
        Object entryValue = null;
        Field keyField = field.mapKey;
        Field valueField = field.mapValue;
        while (!in.isAtLimit()) {
            int tag = in.readTag();
            int number = tag >>> 3;
            int wireType = tag & 7;
            if (number == 1 && wireType == keyField.wireType) {
                key = readValue(in, keyField, wireType);
            } else if (number == 2 && wireType == valueField.wireType) {
                if (valueField.kind == MESSAGE) {
                    GenericRowData nested =
                            entryValue != null
                                    ? (GenericRowData) entryValue
                                    : new GenericRowData(valueField.message.arity);
                    readMessage(in, valueField, wireType, nested);
                    entryValue = nested;
                } else {
                    entryValue = readValue(in, valueField, wireType);
                }
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(oldLimit);
        in.exit();
        if (key == null) {
            key = defaultValue(keyField);
        }
        if (entryValue == null) {
            entryValue = defaultValue(valueField);
        }
        map.put(key, entryValue);
    }

    /** The value a map entry's absent key or value has. */
    private static Object defaultValue(Field field) {
        if (field.kind == MESSAGE) {
            GenericRowData empty = new GenericRowData(field.message.arity);
            field.message.complete(empty);
            return empty;
        }
        return field.defaultValue;
    }

    /** One value of a field as its Flink value. */
    private static Object readValue(ProtoInput in, Field field, int wireType)
            throws DecodeException {
        switch (field.kind) {
            case INT32_INT:
                return in.readVarint32();
            case INT32_LONG:
                return (long) in.readVarint32();
            case INT64:
                return in.readVarint64();
            case UINT32_LONG:
                return in.readVarint32() & 0xFFFFFFFFL;
            case UINT64_DECIMAL:
                return unsigned64(in.readVarint64(), field.precision);
            case SINT32_INT:
                {
                    int n = in.readVarint32();
                    return (n >>> 1) ^ -(n & 1);
                }
            case SINT32_LONG:
                {
                    int n = in.readVarint32();
                    return (long) ((n >>> 1) ^ -(n & 1));
                }
            case SINT64:
                {
                    long n = in.readVarint64();
                    return (n >>> 1) ^ -(n & 1);
                }
            case FIXED32_LONG:
                return in.readFixed32() & 0xFFFFFFFFL;
            case FIXED64_DECIMAL:
                return unsigned64(in.readFixed64(), field.precision);
            case SFIXED32_INT:
                return in.readFixed32();
            case SFIXED32_LONG:
                return (long) in.readFixed32();
            case SFIXED64:
                return in.readFixed64();
            case BOOL:
                return in.readVarint64() != 0;
            case FLOAT:
                return Float.intBitsToFloat(in.readFixed32());
            case FLOAT_DOUBLE:
                return (double) Float.intBitsToFloat(in.readFixed32());
            case DOUBLE:
                return Double.longBitsToDouble(in.readFixed64());
            case STRING:
                return BinaryStringData.fromBytes(in.readUtf8(in.readLength(), field.validateUtf8));
            case BYTES:
                return in.readBytes(in.readLength());
            case ENUM_NAME:
                return field.enumNames.name(in.readVarint32());
            case ENUM_NUMBER:
                return in.readVarint32();
            case MESSAGE:
                {
                    GenericRowData nested = new GenericRowData(field.message.arity);
                    readMessage(in, field, wireType, nested);
                    return nested;
                }
            case TIMESTAMP:
                return readTimestamp(in, field, wireType);
            default:
                throw new IllegalStateException("Unknown value kind " + field.kind);
        }
    }

    static DecimalData unsigned64(long value, int precision) {
        BigDecimal decimal = BigDecimal.valueOf(value);
        return DecimalData.fromBigDecimal(
                value >= 0 ? decimal : decimal.add(TWO_TO_64), precision, 0);
    }

    /** A google.protobuf.Timestamp (seconds = 1, nanos = 2) as TIMESTAMP(_LTZ). */
    private static Object readTimestamp(ProtoInput in, Field field, int wireType)
            throws DecodeException {
        if (wireType != LENGTH_DELIMITED) {
            throw in.error("a Timestamp must be a message");
        }
        in.enter();
        int length = in.readLength();
        int start = in.position();
        int oldLimit = in.pushLimit(length);
        long seconds = 0;
        int nanos = 0;
        while (!in.isAtLimit()) {
            int tag = in.readTag();
            if (tag == (1 << 3 | VARINT)) {
                seconds = in.readVarint64();
            } else if (tag == (2 << 3 | VARINT)) {
                nanos = in.readVarint32();
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(oldLimit);
        in.exit();
        try {
            return TemporalValues.timestamp(seconds, nanos, field.precision);
        } catch (ArithmeticException e) {
            throw new DecodeException(
                    "Timestamp out of range: " + seconds + " s, " + nanos + " ns", start);
        }
    }

    static int wireTypeOfKind(int kind, boolean group) {
        switch (kind) {
            case FIXED64_DECIMAL:
            case SFIXED64:
            case DOUBLE:
                return FIXED64;
            case FIXED32_LONG:
            case SFIXED32_INT:
            case SFIXED32_LONG:
            case FLOAT:
            case FLOAT_DOUBLE:
                return FIXED32;
            case STRING:
            case BYTES:
            case TIMESTAMP:
                return LENGTH_DELIMITED;
            case MESSAGE:
                return group ? START_GROUP : LENGTH_DELIMITED;
            default:
                return VARINT;
        }
    }
}
