package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecimalFit;
import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.TemporalValues;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The value readers and record steps a planned Avro decoder is made of. */
final class AvroReaders {

    private AvroReaders() {}

    /** Reads one value of a writer schema as a declared Flink type (internal data structure). */
    abstract static class ValueReader {
        abstract Object read(AvroInput in) throws DecodeException;
    }

    /** One writer field of a record: read it somewhere, or skip it. */
    abstract static class Step {
        abstract void apply(AvroInput in, GenericRowData row) throws DecodeException;
    }

    /** The fields of a record, in writer order. */
    static final class RecordReader {
        private final Step[] steps;

        /** This record's own fields read and skipped (a descended field counts in its reader). */
        private final int fieldsRead;

        private final int fieldsSkipped;

        RecordReader(Step[] steps) {
            this.steps = steps;
            int read = 0;
            int skipped = 0;
            for (Step step : steps) {
                if (step instanceof SkipStep) {
                    skipped++;
                } else if (step instanceof SkipRunStep) {
                    skipped += ((SkipRunStep) step).codes.length;
                } else if (step instanceof ValueStep || step instanceof ExtractStep) {
                    read++;
                }
            }
            this.fieldsRead = read;
            this.fieldsSkipped = skipped;
        }

        void readInto(AvroInput in, GenericRowData row) throws DecodeException {
            for (Step step : steps) {
                step.apply(in, row);
            }
            in.counts().add(fieldsRead, fieldsSkipped);
        }
    }

    static int unionIndex(AvroInput in, int branches) throws DecodeException {
        int start = in.position();
        int index = in.readInt();
        if (index < 0 || index >= branches) {
            throw new DecodeException(
                    "union branch " + index + " out of range (the union has " + branches + ")",
                    start);
        }
        return index;
    }

    // ---------------------------------------------------------------------------------- steps

    static final class ValueStep extends Step {
        private final int slot;
        private final ValueReader reader;
        private final String column;

        ValueStep(int slot, ValueReader reader, String column) {
            this.slot = slot;
            this.reader = reader;
            this.column = column;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            try {
                row.setField(slot, reader.read(in));
            } catch (DecodeException e) {
                throw DecodeException.inColumn(column, e);
            }
        }
    }

    static final class SkipStep extends Step {
        private final AvroSkipper skipper;

        SkipStep(AvroSkipper skipper) {
            this.skipper = skipper;
        }

        AvroSkipper skipper() {
            return skipper;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            skipper.skip(in);
        }
    }

    /** Consecutive fields of simple types that nobody selected, passed over in one loop. */
    static final class SkipRunStep extends Step {
        private final int[] codes;

        /**
         * @param codes the {@link AvroSkipper#runCode()} of each field
         */
        SkipRunStep(int[] codes) {
            this.codes = codes;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            in.skipRun(codes);
        }
    }

    /** A record field of which only some subfields are selected: they go to the same row. */
    static final class DescendStep extends Step {
        private final RecordReader nested;

        DescendStep(RecordReader nested) {
            this.nested = nested;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            nested.readInto(in, row);
        }
    }

    /** As {@link DescendStep} through a {@code [null, record]} union. */
    static final class NullableDescendStep extends Step {
        private final int nullIndex;
        private final RecordReader nested;

        NullableDescendStep(int nullIndex, RecordReader nested) {
            this.nullIndex = nullIndex;
            this.nested = nested;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            if (unionIndex(in, 2) != nullIndex) {
                nested.readInto(in, row);
            }
        }
    }

    /** Reads a whole row value and copies the selected parts of it. */
    static final class ExtractStep extends Step {
        private final ValueReader reader;
        private final FieldSelection selection;

        ExtractStep(ValueReader reader, FieldSelection selection) {
            this.reader = reader;
            this.selection = selection;
        }

        @Override
        void apply(AvroInput in, GenericRowData row) throws DecodeException {
            selection.scatter((GenericRowData) reader.read(in), row);
        }
    }

    // -------------------------------------------------------------------------------- readers

    static final ValueReader NULL =
            new ValueReader() {
                @Override
                Object read(AvroInput in) {
                    return null;
                }
            };

    static final ValueReader BOOLEAN =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readBoolean();
                }
            };

    static final ValueReader INT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readInt();
                }
            };

    static final ValueReader INT_AS_LONG =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (long) in.readInt();
                }
            };

    static final ValueReader INT_AS_FLOAT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (float) in.readInt();
                }
            };

    static final ValueReader INT_AS_DOUBLE =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (double) in.readInt();
                }
            };

    static final ValueReader INT_AS_SHORT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    int start = in.position();
                    int value = in.readInt();
                    if (value != (short) value) {
                        throw new DecodeException(value + " does not fit SMALLINT", start);
                    }
                    return (short) value;
                }
            };

    static final ValueReader INT_AS_BYTE =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    int start = in.position();
                    int value = in.readInt();
                    if (value != (byte) value) {
                        throw new DecodeException(value + " does not fit TINYINT", start);
                    }
                    return (byte) value;
                }
            };

    static final ValueReader LONG =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readLong();
                }
            };

    static final ValueReader LONG_AS_INT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    int start = in.position();
                    long value = in.readLong();
                    if (value != (int) value) {
                        throw new DecodeException(value + " does not fit INT", start);
                    }
                    return (int) value;
                }
            };

    static final ValueReader LONG_AS_FLOAT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (float) in.readLong();
                }
            };

    static final ValueReader LONG_AS_DOUBLE =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (double) in.readLong();
                }
            };

    static final ValueReader FLOAT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readFloat();
                }
            };

    static final ValueReader FLOAT_AS_DOUBLE =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (double) in.readFloat();
                }
            };

    static final ValueReader DOUBLE =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readDouble();
                }
            };

    static final ValueReader DOUBLE_AS_FLOAT =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return (float) in.readDouble();
                }
            };

    /** string as STRING: well-formed UTF-8 only, as RisingWave (which skips the payload). */
    static final ValueReader STRING =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return BinaryStringData.fromBytes(
                            in.readUtf8(in.readLength("string"), "string"));
                }
            };

    /** bytes as STRING: the bytes are kept as they are. */
    static final ValueReader BYTES_AS_STRING =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return BinaryStringData.fromBytes(in.readBytes(in.readLength("bytes")));
                }
            };

    /** string or bytes, as BYTES. */
    static final ValueReader BYTES =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    return in.readBytes(in.readLength("bytes"));
                }
            };

    /** time-micros as TIME (milliseconds of the day). */
    static final ValueReader TIME_MICROS =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    int start = in.position();
                    long micros = in.readLong();
                    try {
                        return TemporalValues.timeOfDayMillis(micros, 6);
                    } catch (ArithmeticException e) {
                        throw new DecodeException(e.getMessage(), start);
                    }
                }
            };

    /** time-millis as TIME. */
    static final ValueReader TIME_MILLIS =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    int start = in.position();
                    int millis = in.readInt();
                    if (millis < 0 || millis >= 86_400_000) {
                        throw new DecodeException("time of day out of range: " + millis, start);
                    }
                    return millis;
                }
            };

    static final class FixedReader extends ValueReader {
        private final int size;

        FixedReader(int size) {
            this.size = size;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            return in.readBytes(size);
        }
    }

    /** A uuid on fixed(16), as its hyphenated text. */
    static final ValueReader FIXED_UUID =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    byte[] b = in.readBytes(16);
                    long high = 0;
                    long low = 0;
                    for (int i = 0; i < 8; i++) {
                        high = (high << 8) | (b[i] & 0xFF);
                        low = (low << 8) | (b[i + 8] & 0xFF);
                    }
                    return StringData.fromString(new UUID(high, low).toString());
                }
            };

    static final class EnumReader extends ValueReader {
        private final BinaryStringData[] symbols;

        EnumReader(BinaryStringData[] symbols) {
            this.symbols = symbols;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            int start = in.position();
            int index = in.readInt();
            if (index < 0 || index >= symbols.length) {
                throw new DecodeException(
                        "enum index " + index + " out of range (" + symbols.length + " symbols)",
                        start);
            }
            return symbols[index];
        }
    }

    /** A decimal on bytes ({@code fixedSize} < 0) or on fixed, as DECIMAL(p, s). */
    static final class DecimalReader extends ValueReader {
        private final String column;
        private final int fixedSize;
        private final int scale;
        private final int precision;
        private final int targetScale;
        private final boolean compact;
        private final long bound;

        DecimalReader(String column, int fixedSize, int scale, int precision, int targetScale) {
            this.column = column;
            this.fixedSize = fixedSize;
            this.scale = scale;
            this.precision = precision;
            this.targetScale = targetScale;
            this.compact = scale == targetScale && DecimalData.isCompact(precision);
            this.bound = compact ? BigInteger.TEN.pow(precision).longValueExact() : 0;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            int start = in.position();
            int length = fixedSize >= 0 ? fixedSize : in.readLength("decimal");
            in.ensure(length, "decimal");
            if (length == 0) {
                return DecimalData.zero(precision, targetScale);
            }
            if (compact && length <= 8) {
                byte[] buf = in.buffer();
                int pos = in.position();
                long unscaled = buf[pos];
                for (int i = 1; i < length; i++) {
                    unscaled = (unscaled << 8) | (buf[pos + i] & 0xFF);
                }
                in.skip(length);
                if (unscaled >= bound || unscaled <= -bound) {
                    throw doesNotFit(
                            column,
                            BigDecimal.valueOf(unscaled, scale),
                            precision,
                            targetScale,
                            start);
                }
                return DecimalData.fromUnscaledLong(unscaled, precision, targetScale);
            }
            BigInteger unscaled = new BigInteger(in.readBytes(length));
            DecimalData value = DecimalFit.of(unscaled, scale, precision, targetScale);
            if (value == null) {
                throw doesNotFit(
                        column, new BigDecimal(unscaled, scale), precision, targetScale, start);
            }
            return value;
        }
    }

    static DecodeException doesNotFit(
            String column, BigDecimal decimal, int precision, int scale, int offset) {
        return new DecodeException(
                String.format(
                        "column %s: decimal %s does not fit DECIMAL(%d, %d)",
                        column, DecimalFit.describe(decimal), precision, scale),
                offset);
    }

    /** timestamp-* / local-timestamp-* as TIMESTAMP(p) / TIMESTAMP_LTZ(p). */
    static final class TimestampReader extends ValueReader {
        private final int unitDigits;
        private final int precision;

        TimestampReader(int unitDigits, int precision) {
            this.unitDigits = unitDigits;
            this.precision = precision;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            int start = in.position();
            long value = in.readLong();
            try {
                return TemporalValues.timestampOf(value, unitDigits, precision);
            } catch (ArithmeticException e) {
                throw new DecodeException("timestamp out of range: " + value, start);
            }
        }
    }

    /** duration (fixed 12: months, days, milliseconds, unsigned little-endian) as a ROW. */
    static final ValueReader DURATION =
            new ValueReader() {
                @Override
                Object read(AvroInput in) throws DecodeException {
                    long months = in.readFixedInt() & 0xFFFFFFFFL;
                    long days = in.readFixedInt() & 0xFFFFFFFFL;
                    long millis = in.readFixedInt() & 0xFFFFFFFFL;
                    return GenericRowData.of(months, days, millis);
                }
            };

    /** Debezium's VariableScaleDecimal record (scale int, value bytes) as DECIMAL or STRING. */
    static final class VariableScaleDecimalReader extends ValueReader {
        private final String column;
        private final AvroSkipper[] skippers;
        private final int scaleField;
        private final int valueField;
        private final int precision;
        private final int targetScale;
        private final boolean asString;

        VariableScaleDecimalReader(
                String column,
                AvroSkipper[] skippers,
                int scaleField,
                int valueField,
                int precision,
                int targetScale,
                boolean asString) {
            this.column = column;
            this.skippers = skippers;
            this.scaleField = scaleField;
            this.valueField = valueField;
            this.precision = precision;
            this.targetScale = targetScale;
            this.asString = asString;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            int start = in.position();
            int scale = 0;
            byte[] unscaled = new byte[0];
            for (int i = 0; i < skippers.length; i++) {
                if (i == scaleField) {
                    scale = in.readInt();
                } else if (i == valueField) {
                    unscaled = in.readBytes(in.readLength("bytes"));
                } else {
                    skippers[i].skip(in);
                }
            }
            BigInteger unscaledValue =
                    unscaled.length == 0 ? BigInteger.ZERO : new BigInteger(unscaled);
            BigDecimal decimal = new BigDecimal(unscaledValue, scale);
            if (asString) {
                if (!DecimalFit.hasPlainText(decimal)) {
                    throw new DecodeException(
                            String.format(
                                    "column %s: decimal %s has more digits than PostgreSQL's"
                                            + " numeric (%d before the point, %d after it)",
                                    column,
                                    DecimalFit.describe(decimal),
                                    DecimalFit.MAX_PLAIN_INTEGER_DIGITS,
                                    DecimalFit.MAX_PLAIN_SCALE),
                            start);
                }
                return StringData.fromString(decimal.toPlainString());
            }
            DecimalData value = DecimalFit.of(unscaledValue, scale, precision, targetScale);
            if (value == null) {
                throw doesNotFit(column, decimal, precision, targetScale, start);
            }
            return value;
        }
    }

    static final class ArrayReader extends ValueReader {
        private final ValueReader element;
        private final int minItemBytes;

        ArrayReader(ValueReader element, int minItemBytes) {
            this.element = element;
            this.minItemBytes = minItemBytes;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            long count = in.readBlockCount(minItemBytes);
            if (count == 0) {
                return new GenericArrayData(new Object[0]);
            }
            Object[] items = new Object[(int) count];
            int size = 0;
            while (count != 0) {
                if (size + count > items.length) {
                    long total = size + count;
                    items = Arrays.copyOf(items, (int) Math.max(total, size * 2L));
                }
                for (long i = 0; i < count; i++) {
                    items[size++] = element.read(in);
                }
                count = in.readBlockCount(minItemBytes);
            }
            return new GenericArrayData(size == items.length ? items : Arrays.copyOf(items, size));
        }
    }

    static final class MapReader extends ValueReader {
        private final ValueReader value;
        private final int minEntryBytes;

        MapReader(ValueReader value, int minValueBytes) {
            this.value = value;
            this.minEntryBytes = 1 + minValueBytes;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            Map<Object, Object> map = new HashMap<>();
            long count;
            while ((count = in.readBlockCount(minEntryBytes)) != 0) {
                for (long i = 0; i < count; i++) {
                    Object key =
                            BinaryStringData.fromBytes(
                                    in.readUtf8(in.readLength("map key"), "map key"));
                    map.put(key, value.read(in));
                }
            }
            return new GenericMapData(map);
        }
    }

    /** {@code [null, T]} or {@code [T, null]}. */
    static final class NullableReader extends ValueReader {
        private final int nullIndex;
        private final ValueReader value;

        NullableReader(int nullIndex, ValueReader value) {
            this.nullIndex = nullIndex;
            this.value = value;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            return unionIndex(in, 2) == nullIndex ? null : value.read(in);
        }
    }

    /** Any union read as one Flink type (each branch converted to it). */
    static final class UnionReader extends ValueReader {
        private final ValueReader[] branches;

        UnionReader(ValueReader[] branches) {
            this.branches = branches;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            return branches[unionIndex(in, branches.length)].read(in);
        }
    }

    /**
     * A union of several types as a ROW with one field per branch; only the field of the branch
     * present is set, and the null branch gives a null row. Undeclared branches are skipped.
     */
    static final class UnionRowReader extends ValueReader {
        private final int arity;
        private final int nullBranch;
        private final int[] fieldOfBranch;
        private final ValueReader[] readers;
        private final AvroSkipper[] skippers;

        UnionRowReader(
                int arity,
                int nullBranch,
                int[] fieldOfBranch,
                ValueReader[] readers,
                AvroSkipper[] skippers) {
            this.arity = arity;
            this.nullBranch = nullBranch;
            this.fieldOfBranch = fieldOfBranch;
            this.readers = readers;
            this.skippers = skippers;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            int branch = unionIndex(in, readers.length);
            if (branch == nullBranch) {
                return null;
            }
            GenericRowData row = new GenericRowData(arity);
            if (fieldOfBranch[branch] < 0) {
                skippers[branch].skip(in);
            } else {
                row.setField(fieldOfBranch[branch], readers[branch].read(in));
            }
            return row;
        }
    }

    /** A record as a ROW of its own. */
    static final class RowReader extends ValueReader {
        private final int arity;
        private final RecordReader record;

        RowReader(int arity, RecordReader record) {
            this.arity = arity;
            this.record = record;
        }

        @Override
        Object read(AvroInput in) throws DecodeException {
            GenericRowData row = new GenericRowData(arity);
            record.readInto(in, row);
            return row;
        }
    }
}
