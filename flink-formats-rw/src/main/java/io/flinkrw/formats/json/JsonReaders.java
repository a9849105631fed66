package io.flinkrw.formats.json;

import io.flinkrw.formats.DecimalFit;
import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.TemporalValues;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.binary.BinaryStringData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The readers of JSON values for each Flink type, with RisingWave's coercions: numbers also from
 * numeric strings (never integers from floats), text from any scalar, dates, times and timestamps
 * from text or epoch numbers, bytes from PostgreSQL's bytea text, rows from objects or from strings
 * holding an object.
 */
final class JsonReaders {

    private JsonReaders() {}

    /** Reads the value at the parser's current token (never null, never VALUE_NULL). */
    abstract static class Reader {
        final String path;

        Reader(String path) {
            this.path = path;
        }

        abstract Object read(JsonParser p, JsonToken t) throws IOException;

        DecodeException cannot(JsonParser p, JsonToken t, String target) throws IOException {
            return cannot(p, t, target, null);
        }

        DecodeException cannot(JsonParser p, JsonToken t, String target, String why)
                throws IOException {
            return new DecodeException(
                    String.format(
                            "column %s: cannot read %s as %s%s",
                            path, describe(p, t), target, why == null ? "" : " (" + why + ")"),
                    p.currentTokenLocation().getByteOffset());
        }
    }

    /** What a token is, for messages: {@code the JSON string "abc"}. */
    static String describe(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return "the JSON string " + quote(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "the JSON number " + shorten(p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "the JSON " + p.getText();
            case START_OBJECT:
                return "a JSON object";
            case START_ARRAY:
                return "a JSON array";
            default:
                return "the JSON token " + t;
        }
    }

    private static String quote(String text) {
        return "\"" + shorten(text) + "\"";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    // ---------------------------------------------------------------------------------- scalars

    static final class BooleanReader extends Reader {
        BooleanReader(String path) {
            super(path);
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (t == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            throw cannot(p, t, "BOOLEAN", "only true and false");
        }
    }

    /** TINYINT, SMALLINT, INT, BIGINT: integers and numeric strings, range-checked. */
    static final class IntegerReader extends Reader {
        private final String typeName;
        private final long min;
        private final long max;
        private final int width;

        IntegerReader(String path, String typeName, long min, long max, int width) {
            super(path);
            this.typeName = typeName;
            this.min = min;
            this.max = max;
            this.width = width;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            long value;
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw cannot(p, t, typeName, "out of range");
                }
                value = p.getLongValue();
            } else if (t == JsonToken.VALUE_STRING) {
                try {
                    value = Long.parseLong(p.getText());
                } catch (NumberFormatException e) {
                    throw cannot(p, t, typeName, "not an integer");
                }
            } else {
                throw cannot(
                        p,
                        t,
                        typeName,
                        t == JsonToken.VALUE_NUMBER_FLOAT ? "not an integer" : null);
            }
            if (value < min || value > max) {
                throw cannot(p, t, typeName, "out of range");
            }
            switch (width) {
                case 1:
                    return (byte) value;
                case 2:
                    return (short) value;
                case 4:
                    return (int) value;
                default:
                    return value;
            }
        }
    }

    /** A decimal number's text; possessive, so a long run of digits is never backtracked. */
    private static final Pattern DECIMAL_TEXT =
            Pattern.compile("[+-]?+(?:\\d++(?:\\.\\d*+)?+|\\.\\d++)(?:[eE][+-]?+\\d++)?+");

    /**
     * The longest decimal text read from a string, as Jackson limits JSON numbers: parsing digits
     * into a BigInteger takes time quadratic in their count.
     */
    static final int MAX_DECIMAL_TEXT = 1000;

    /** FLOAT and DOUBLE: any JSON number, and numeric strings (also inf and nan). */
    static final class FloatingReader extends Reader {
        private final boolean single;

        FloatingReader(String path, boolean single) {
            super(path);
            this.single = single;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            double value;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                value = p.getDoubleValue();
            } else if (t == JsonToken.VALUE_STRING) {
                value = parseFloating(p.getText());
                if (Double.isNaN(value) && !isNanText(p.getText())) {
                    throw cannot(p, t, single ? "FLOAT" : "DOUBLE", "not a number");
                }
            } else {
                throw cannot(p, t, single ? "FLOAT" : "DOUBLE");
            }
            return single ? (Object) (float) value : (Object) value;
        }
    }

    private static boolean isNanText(String text) {
        String s = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        return s.equalsIgnoreCase("nan");
    }

    /** A numeric string as Rust parses floats; NaN when it is not one (see isNanText). */
    static double parseFloating(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL_TEXT.matcher(text).matches()) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    /** DECIMAL(p, s): numbers, numeric strings, Debezium's {"scale": s, "value": base64}. */
    static final class DecimalReader extends Reader {
        private final int precision;
        private final int scale;

        DecimalReader(String path, int precision, int scale) {
            super(path);
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            String target = "DECIMAL(" + precision + ", " + scale + ")";
            DecimalData decimal;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                // Jackson limits a number to 1000 characters.
                BigDecimal value;
                try {
                    value = p.getDecimalValue();
                } catch (NumberFormatException e) {
                    throw cannot(p, t, target, "the exponent is out of range");
                }
                decimal = DecimalFit.ofParsed(value, precision, scale);
            } else if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (text.length() > MAX_DECIMAL_TEXT) {
                    throw cannot(p, t, target, "longer than " + MAX_DECIMAL_TEXT + " characters");
                }
                if (!DECIMAL_TEXT.matcher(text).matches()) {
                    throw cannot(
                            p,
                            t,
                            target,
                            text.equals("NAN") || text.endsWith("INFINITY")
                                    ? "Flink decimals have no NaN or infinity"
                                    : "not a number");
                }
                BigDecimal value;
                try {
                    value = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw cannot(p, t, target, "the exponent is out of range");
                }
                decimal = DecimalFit.ofParsed(value, precision, scale);
            } else if (t == JsonToken.START_OBJECT) {
                decimal = debezium(p, t, target);
            } else {
                throw cannot(p, t, target);
            }
            if (decimal == null) {
                throw cannot(p, t, target, "too many digits");
            }
            return decimal;
        }

        /** Debezium's decimal fitted to the column, or null when it has too many digits. */
        private DecimalData debezium(JsonParser p, JsonToken t, String target) throws IOException {
            Integer valueScale = null;
            byte[] unscaled = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("scale") && value == JsonToken.VALUE_NUMBER_INT) {
                    if (p.getNumberType() != JsonParser.NumberType.INT) {
                        throw cannot(p, t, target, "the scale is out of range");
                    }
                    valueScale = p.getIntValue();
                } else if (name.equals("value") && value == JsonToken.VALUE_STRING) {
                    try {
                        unscaled = Base64.getDecoder().decode(p.getText());
                    } catch (IllegalArgumentException e) {
                        throw cannot(p, value, target, "the value is not base64");
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (valueScale == null || unscaled == null) {
                throw cannot(p, t, target, "an object must be {\"scale\": n, \"value\": base64}");
            }
            return unscaled.length == 0
                    ? DecimalData.zero(precision, scale)
                    : DecimalFit.of(new BigInteger(unscaled), valueScale, precision, scale);
        }
    }

    /**
     * STRING: strings as they are, other scalars as their JSON text, and (beyond RisingWave, whose
     * jsonb has no Flink counterpart) objects and arrays as their compact JSON text.
     */
    static final class StringReader extends Reader {
        private final JsonFactory factory;

        StringReader(String path, JsonFactory factory) {
            super(path);
            this.factory = factory;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            switch (t) {
                case VALUE_STRING:
                    return utf8(p);
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return utf8(p);
                case START_OBJECT:
                case START_ARRAY:
                    ByteArrayOutputStream json = new ByteArrayOutputStream();
                    try (JsonGenerator generator = factory.createGenerator(json)) {
                        generator.copyCurrentStructure(p);
                    }
                    return BinaryStringData.fromBytes(json.toByteArray());
                default:
                    throw cannot(p, t, "STRING");
            }
        }
    }

    /** The current token's text as UTF-8 bytes, without a String in between. */
    static BinaryStringData utf8(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c >= 0x80) {
                return BinaryStringData.fromBytes(
                        new String(chars, offset, length).getBytes(StandardCharsets.UTF_8));
            }
            bytes[i] = (byte) c;
        }
        return BinaryStringData.fromBytes(bytes);
    }

    /** BYTES: PostgreSQL's bytea text ({@code \x0a0b} or the escape form). */
    static final class BytesReader extends Reader {
        BytesReader(String path) {
            super(path);
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                throw cannot(p, t, "BYTES", "bytes are written as \\x<hex> text");
            }
            try {
                return ByteaText.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw cannot(p, t, "BYTES", e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------- temporal

    /** DATE: {@code YYYY-MM-DD} or days since the epoch. */
    static final class DateReader extends Reader {
        DateReader(String path) {
            super(path);
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return TemporalText.parseDate(p.getText());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw cannot(p, t, "DATE", e.getMessage());
                }
            }
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            throw cannot(p, t, "DATE", "a date is YYYY-MM-DD or days since 1970-01-01");
        }
    }

    /** TIME: {@code HH:MM[:SS[.f]]} or microseconds since midnight. */
    static final class TimeReader extends Reader {
        TimeReader(String path) {
            super(path);
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return (int) (TemporalText.parseTime(p.getText()) / 1_000_000L);
                } catch (IllegalArgumentException e) {
                    throw cannot(p, t, "TIME", e.getMessage());
                }
            }
            if (t == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long micros = p.getLongValue();
                if (micros >= 0 && micros < 86_400_000_000L) {
                    return (int) (micros / 1000);
                }
                throw cannot(p, t, "TIME", "microseconds of the day out of range");
            }
            throw cannot(p, t, "TIME");
        }
    }

    /**
     * The instant of an epoch number whose unit is guessed from its size, as RisingWave does: below
     * 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
     */
    static long[] guessedEpoch(long value) {
        if (value < 100_000_000_000L) {
            return new long[] {value, 0};
        }
        if (value < 100_000_000_000_000L) {
            return new long[] {
                Math.floorDiv(value, 1000L), Math.floorMod(value, 1000L) * 1_000_000L
            };
        }
        if (value < 100_000_000_000_000_000L) {
            return new long[] {
                Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L
            };
        }
        return new long[] {
            Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L)
        };
    }

    /** TIMESTAMP(p): text (a zone is ignored) or an epoch number of guessed unit. */
    static final class TimestampReader extends Reader {
        private final int precision;
        private final TemporalText.DateTime scratch = new TemporalText.DateTime();

        TimestampReader(String path, int precision) {
            super(path);
            this.precision = precision;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            String target = "TIMESTAMP(" + precision + ")";
            try {
                if (t == JsonToken.VALUE_STRING) {
                    TemporalText.DateTime dt = TemporalText.parseDateTime(p.getText(), scratch);
                    return TemporalValues.timestamp(
                            dt.localEpochSecond(), dt.nanoOfSecond(), precision);
                }
                if (t == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    long value = p.getLongValue();
                    if (value < 0) {
                        throw cannot(p, t, target, "negative epoch numbers are not accepted");
                    }
                    long[] epoch = guessedEpoch(value);
                    return TemporalValues.timestamp(epoch[0], epoch[1], precision);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw cannot(p, t, target, e.getMessage());
            }
            throw cannot(p, t, target);
        }
    }

    /** TIMESTAMP_LTZ(p): text with a zone or an epoch number, as the mode says. */
    static final class TimestampLtzReader extends Reader {
        private final int precision;
        private final JsonTimestamptzMode mode;
        private final TemporalText.DateTime scratch = new TemporalText.DateTime();

        TimestampLtzReader(String path, int precision, JsonTimestamptzMode mode) {
            super(path);
            this.precision = precision;
            this.mode = mode;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            String target = "TIMESTAMP_LTZ(" + precision + ")";
            try {
                if (t == JsonToken.VALUE_STRING) {
                    TemporalText.DateTime dt = TemporalText.parseDateTime(p.getText(), scratch);
                    if (mode == JsonTimestamptzMode.UTC_WITHOUT_SUFFIX) {
                        return TemporalValues.timestamp(
                                dt.localEpochSecond(), dt.nanoOfSecond(), precision);
                    }
                    if (!dt.hasOffset) {
                        throw cannot(
                                p,
                                t,
                                target,
                                "it has no zone; expected " + TemporalText.TIMESTAMP_LTZ_FORMATS);
                    }
                    return TemporalValues.timestamp(
                            dt.instantEpochSecond(), dt.nanoOfSecond(), precision);
                }
                if (t == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    long value = p.getLongValue();
                    switch (mode) {
                        case MILLI:
                            return TemporalValues.timestampOf(value, 3, precision);
                        case MICRO:
                            return TemporalValues.timestampOf(value, 6, precision);
                        case GUESS_NUMBER_UNIT:
                            if (value < 0) {
                                throw cannot(
                                        p, t, target, "negative epoch numbers are not accepted");
                            }
                            long[] epoch = guessedEpoch(value);
                            return TemporalValues.timestamp(epoch[0], epoch[1], precision);
                        default:
                            throw cannot(
                                    p,
                                    t,
                                    target,
                                    "timestamptz.handling.mode '"
                                            + mode.value()
                                            + "' accepts strings only");
                    }
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw cannot(p, t, target, e.getMessage());
            }
            throw cannot(p, t, target);
        }
    }

    /** INTERVAL YEAR TO MONTH (months) or DAY TO SECOND (milliseconds) from interval text. */
    static final class IntervalReader extends Reader {
        private final boolean yearMonth;

        IntervalReader(String path, boolean yearMonth) {
            super(path);
            this.yearMonth = yearMonth;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            String target = yearMonth ? "INTERVAL YEAR TO MONTH" : "INTERVAL DAY TO SECOND";
            if (t != JsonToken.VALUE_STRING) {
                throw cannot(p, t, target);
            }
            IntervalText.Interval interval;
            try {
                interval = IntervalText.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw cannot(p, t, target, e.getMessage());
            } catch (ArithmeticException e) {
                throw cannot(p, t, target, "out of range");
            }
            if (yearMonth) {
                if (interval.millis != 0) {
                    throw cannot(p, t, target, "it has days or a time part");
                }
                if (interval.months != (int) interval.months) {
                    throw cannot(p, t, target, "out of range");
                }
                return (int) interval.months;
            }
            if (interval.months != 0) {
                throw cannot(p, t, target, "it has years or months");
            }
            return interval.millis;
        }
    }

    // ------------------------------------------------------------------------------ composite

    /** ROW: a JSON object, or a string that holds one. */
    static final class RowReader extends Reader {
        private final JsonRowReader row;
        private final JsonFactory factory;

        RowReader(String path, JsonRowReader row, JsonFactory factory) {
            super(path);
            this.row = row;
            this.factory = factory;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            GenericRowData value = new GenericRowData(row.arity());
            if (t == JsonToken.START_OBJECT) {
                row.readObject(p, value);
                return value;
            }
            if (t == JsonToken.VALUE_STRING) {
                readEmbedded(p, t, value);
                return value;
            }
            throw cannot(p, t, "ROW", "a row is a JSON object");
        }

        /** The object inside a string value, read into {@code target}. */
        void readEmbedded(JsonParser p, JsonToken t, GenericRowData target) throws IOException {
            try (JsonParser embedded = factory.createParser(p.getText())) {
                if (embedded.nextToken() != JsonToken.START_OBJECT) {
                    throw cannot(p, t, "ROW", "the string does not hold a JSON object");
                }
                row.readObject(embedded, target);
            } catch (DecodeException e) {
                throw cannot(p, t, "ROW", e.getMessage());
            } catch (IOException e) {
                throw cannot(p, t, "ROW", "the string does not hold valid JSON");
            }
        }
    }

    /** ARRAY: a JSON array, each element read as the element type. */
    static final class ArrayReader extends Reader {
        private final Reader element;

        ArrayReader(String path, Reader element) {
            super(path);
            this.element = element;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                throw cannot(p, t, "ARRAY");
            }
            List<Object> items = new ArrayList<>();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                items.add(token == JsonToken.VALUE_NULL ? null : element.read(p, token));
            }
            return new GenericArrayData(items.toArray());
        }
    }

    /** MAP: a JSON object, keys read from their text, values as the value type. */
    static final class MapReader extends Reader {
        private final Reader key;
        private final Reader value;
        private final JsonFactory factory;

        MapReader(String path, Reader key, Reader value, JsonFactory factory) {
            super(path);
            this.key = key;
            this.value = value;
            this.factory = factory;
        }

        @Override
        Object read(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                throw cannot(p, t, "MAP", "a map is a JSON object");
            }
            Map<Object, Object> map = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Object k = key instanceof StringReader ? utf8(p) : keyValue(p.currentName());
                JsonToken token = p.nextToken();
                map.put(k, token == JsonToken.VALUE_NULL ? null : value.read(p, token));
            }
            return new GenericMapData(map);
        }

        /** A key of a non-string type, read as if it were a JSON string. */
        private Object keyValue(String name) throws IOException {
            try (JsonParser keyParser = factory.createParser(quoteJson(name))) {
                return key.read(keyParser, keyParser.nextToken());
            }
        }

        private static String quoteJson(String text) {
            StringBuilder json = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\');
                }
                json.append(c < 0x20 ? ' ' : c);
            }
            return json.append('"').toString();
        }
    }
}
