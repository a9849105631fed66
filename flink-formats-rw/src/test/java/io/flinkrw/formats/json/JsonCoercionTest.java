package io.flinkrw.formats.json;

import io.flinkrw.formats.FormatTestUtils;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One golden test per row of RisingWave's JSON coercion table (reference 3.2): which JSON values a
 * column of each type accepts and what they become, and which it refuses.
 */
class JsonCoercionTest {

    static Object decodeValue(DataType type, String json) throws Exception {
        return decodeValue(type, json, JsonTimestamptzMode.GUESS_NUMBER_UNIT);
    }

    static Object decodeValue(DataType type, String json, JsonTimestamptzMode mode)
            throws Exception {
        RwJsonDeserializationSchema schema =
                FormatTestUtils.open(
                        RwJsonDeserializationSchema.builder()
                                .setColumns(DataTypes.ROW(DataTypes.FIELD("v", type)))
                                .setTimestamptzHandlingMode(mode)
                                .build());
        RowData row =
                schema.deserialize(("{\"v\": " + json + "}").getBytes(StandardCharsets.UTF_8));
        return ((GenericRowData) row).getField(0);
    }

    static StringData s(String text) {
        return StringData.fromString(text);
    }

    static DecimalData dec(String value, int precision, int scale) {
        return DecimalData.fromBigDecimal(new BigDecimal(value), precision, scale);
    }

    static TimestampData ts(long millis, int nanos) {
        return TimestampData.fromEpochMillis(millis, nanos);
    }

    static final long APRIL_11_2024_02H = 1_712_800_800L;

    static Stream<Arguments> accepted() {
        return Stream.of(
                // boolean: true/false only
                ok("boolean true", DataTypes.BOOLEAN(), "true", true),
                ok("boolean false", DataTypes.BOOLEAN(), "false", false),
                // integers: JSON integers (range-checked) and numeric strings
                ok("smallint", DataTypes.SMALLINT(), "-32768", (short) -32768),
                ok("int", DataTypes.INT(), "2147483647", 2147483647),
                ok("bigint", DataTypes.BIGINT(), "-9223372036854775808", Long.MIN_VALUE),
                ok("int from a numeric string", DataTypes.INT(), "\"123\"", 123),
                ok("bigint from a signed string", DataTypes.BIGINT(), "\"+42\"", 42L),
                ok("tinyint", DataTypes.TINYINT(), "-7", (byte) -7),
                // real / double: integers (cast), floats, numeric strings
                ok("real from an integer", DataTypes.FLOAT(), "3", 3f),
                ok("real from a float", DataTypes.FLOAT(), "1.5", 1.5f),
                ok("double from a float", DataTypes.DOUBLE(), "-2.5e-3", -0.0025d),
                ok("double from a string", DataTypes.DOUBLE(), "\"6.25\"", 6.25d),
                ok("double from 'inf'", DataTypes.DOUBLE(), "\"-inf\"", Double.NEGATIVE_INFINITY),
                ok("double from 'NaN'", DataTypes.DOUBLE(), "\"NaN\"", Double.NaN),
                // numeric: integers, big integers, floats, strings, Debezium objects
                ok("decimal from an integer", DataTypes.DECIMAL(10, 2), "12", dec("12", 10, 2)),
                ok(
                        "decimal from a big integer",
                        DataTypes.DECIMAL(38, 0),
                        "123456789012345678901234567890",
                        dec("123456789012345678901234567890", 38, 0)),
                ok("decimal from a float", DataTypes.DECIMAL(10, 3), "1.125", dec("1.125", 10, 3)),
                ok(
                        "decimal from a string",
                        DataTypes.DECIMAL(10, 2),
                        "\"-0.5\"",
                        dec("-0.5", 10, 2)),
                ok(
                        "decimal from Debezium's variable-scale object",
                        DataTypes.DECIMAL(10, 3),
                        "{\"scale\": 3, \"value\": \"z8c=\"}",
                        dec("-12.345", 10, 3)),
                // varchar: strings; numbers and booleans as their JSON text
                ok("varchar", DataTypes.STRING(), "\"héllo\"", s("héllo")),
                ok("varchar from a number", DataTypes.STRING(), "1.50", s("1.50")),
                ok("varchar from a boolean", DataTypes.STRING(), "true", s("true")),
                ok(
                        "varchar from an object (jsonb)",
                        DataTypes.STRING(),
                        "{\"a\": [1, {\"b\": null}]}",
                        s("{\"a\":[1,{\"b\":null}]}")),
                // date: YYYY-MM-DD or days since the epoch
                ok(
                        "date",
                        DataTypes.DATE(),
                        "\"2024-02-29\"",
                        (int) LocalDate.of(2024, 2, 29).toEpochDay()),
                ok("date from days", DataTypes.DATE(), "19000", 19000),
                // time: text or microseconds of the day
                ok("time", DataTypes.TIME(3), "\"04:05:06.789\"", 14_706_789),
                ok("time HH:MM", DataTypes.TIME(0), "\"04:05\"", 14_700_000),
                ok("time from microseconds", DataTypes.TIME(3), "14706789000", 14_706_789),
                // timestamp: text (T or space, HH:MM, date only; zone ignored) or guessed units
                ok(
                        "timestamp",
                        DataTypes.TIMESTAMP(6),
                        "\"2024-04-11 02:00:00.654321\"",
                        ts(APRIL_11_2024_02H * 1000 + 654, 321_000)),
                ok(
                        "timestamp with T",
                        DataTypes.TIMESTAMP(3),
                        "\"2024-04-11T02:00:00\"",
                        ts(APRIL_11_2024_02H * 1000, 0)),
                ok(
                        "timestamp ignoring a zone, as RisingWave",
                        DataTypes.TIMESTAMP(3),
                        "\"2024-04-11T02:00:00+05:00\"",
                        ts(APRIL_11_2024_02H * 1000, 0)),
                ok(
                        "timestamp HH:MM",
                        DataTypes.TIMESTAMP(3),
                        "\"2024-04-11 02:00\"",
                        ts(APRIL_11_2024_02H * 1000, 0)),
                ok(
                        "timestamp date only",
                        DataTypes.TIMESTAMP(3),
                        "\"2024-04-11\"",
                        ts((APRIL_11_2024_02H - 7200) * 1000, 0)),
                ok(
                        "timestamp from seconds",
                        DataTypes.TIMESTAMP(3),
                        "1712800800",
                        ts(APRIL_11_2024_02H * 1000, 0)),
                ok(
                        "timestamp from ms",
                        DataTypes.TIMESTAMP(3),
                        "1712800800123",
                        ts(APRIL_11_2024_02H * 1000 + 123, 0)),
                ok(
                        "timestamp from µs",
                        DataTypes.TIMESTAMP(6),
                        "1712800800123456",
                        ts(APRIL_11_2024_02H * 1000 + 123, 456_000)),
                ok(
                        "timestamp from ns (cut to the precision)",
                        DataTypes.TIMESTAMP(6),
                        "1712800800123456789",
                        ts(APRIL_11_2024_02H * 1000 + 123, 456_000)),
                // timestamptz: text with a zone, guessed units
                ok(
                        "timestamptz with Z",
                        DataTypes.TIMESTAMP_LTZ(6),
                        "\"2024-04-11T02:00:00.654321Z\"",
                        ts(APRIL_11_2024_02H * 1000 + 654, 321_000)),
                ok(
                        "timestamptz with an offset",
                        DataTypes.TIMESTAMP_LTZ(3),
                        "\"2024-04-11 04:30:00+02:30\"",
                        ts(APRIL_11_2024_02H * 1000, 0)),
                ok(
                        "timestamptz from µs",
                        DataTypes.TIMESTAMP_LTZ(6),
                        "1712800800123456",
                        ts(APRIL_11_2024_02H * 1000 + 123, 456_000)),
                // interval
                ok(
                        "interval ISO day-time",
                        DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND(3)),
                        "\"P1DT2H3M4.5S\"",
                        93_784_500L),
                ok(
                        "interval PostgreSQL style",
                        DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND(3)),
                        "\"1 day 02:03:04.5\"",
                        93_784_500L),
                ok(
                        "interval year-month",
                        DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()),
                        "\"1 year 2 mons\"",
                        14),
                // bytea: PostgreSQL text
                ok(
                        "bytea hex",
                        DataTypes.BYTES(),
                        "\"\\\\xDeAdBeEf\"",
                        new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}),
                ok(
                        "bytea escape form",
                        DataTypes.BYTES(),
                        "\"De\\\\123d\\\\\\\\\"",
                        new byte[] {'D', 'e', 'S', 'd', '\\'}),
                // struct: objects (case-insensitive, missing keys NULL) and strings holding one
                ok(
                        "struct",
                        DataTypes.ROW(
                                DataTypes.FIELD("a", DataTypes.INT()),
                                DataTypes.FIELD("b", DataTypes.STRING())),
                        "{\"A\": 1, \"extra\": 2}",
                        GenericRowData.of(1, null)),
                ok(
                        "struct from a string holding an object",
                        DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())),
                        "\"{\\\"a\\\": 5}\"",
                        GenericRowData.of(5)),
                // list
                ok(
                        "list, recursively converted",
                        DataTypes.ARRAY(DataTypes.BIGINT()),
                        "[1, \"2\", null]",
                        new GenericArrayData(new Object[] {1L, 2L, null})),
                // map (not in RisingWave, where it is NULL): an object
                ok(
                        "map from an object",
                        DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()),
                        "{\"k\": 1}",
                        new GenericMapData(Map.of(s("k"), 1))),
                // null
                ok("null", DataTypes.INT(), "null", null));
    }

    private static Arguments ok(String name, DataType type, String json, Object expected) {
        return Arguments.of(name, type, json, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(String name, DataType type, String json, Object expected) throws Exception {
        Object actual = decodeValue(type, json);
        if (expected instanceof Double && ((Double) expected).isNaN()) {
            assertThat((Double) actual).isNaN();
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                no("boolean from a string", DataTypes.BOOLEAN(), "\"true\"", "only true and false"),
                no("boolean from a number", DataTypes.BOOLEAN(), "1", "BOOLEAN"),
                no("int from a float", DataTypes.INT(), "1.0", "not an integer"),
                no("int out of range", DataTypes.INT(), "2147483648", "out of range"),
                no("smallint out of range", DataTypes.SMALLINT(), "\"40000\"", "out of range"),
                no(
                        "bigint out of range",
                        DataTypes.BIGINT(),
                        "9223372036854775808",
                        "out of range"),
                no("int from text", DataTypes.INT(), "\"12a\"", "not an integer"),
                no("double from text", DataTypes.DOUBLE(), "\"1.5f\"", "not a number"),
                no("decimal NaN", DataTypes.DECIMAL(10, 2), "\"NAN\"", "no NaN or infinity"),
                no("decimal too wide", DataTypes.DECIMAL(4, 2), "123.4", "too many digits"),
                no("int from an array", DataTypes.INT(), "[1]", "a JSON array"),
                no("date from text", DataTypes.DATE(), "\"2024-02-30\"", "no such date"),
                no("time out of range", DataTypes.TIME(3), "86400000000", "out of range"),
                no("timestamp negative number", DataTypes.TIMESTAMP(3), "-5", "negative"),
                no(
                        "timestamptz without a zone",
                        DataTypes.TIMESTAMP_LTZ(3),
                        "\"2024-04-11 02:00:00\"",
                        "it has no zone"),
                no("bytea bad escape", DataTypes.BYTES(), "\"\\\\9\"", "invalid bytea escape"),
                no("bytea odd hex", DataTypes.BYTES(), "\"\\\\xabc\"", "odd number"),
                no(
                        "struct from a number",
                        DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())),
                        "3",
                        "ROW"),
                no(
                        "struct from a string without an object",
                        DataTypes.ROW(DataTypes.FIELD("a", DataTypes.INT())),
                        "\"[1]\"",
                        "does not hold a JSON object"),
                no("list from an object", DataTypes.ARRAY(DataTypes.INT()), "{}", "ARRAY"),
                no(
                        "interval year-month with days",
                        DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()),
                        "\"P1Y3D\"",
                        "days or a time part"));
    }

    private static Arguments no(String name, DataType type, String json, String reason) {
        return Arguments.of(name, type, json, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refuses(String name, DataType type, String json, String reason) {
        assertThatThrownBy(() -> decodeValue(type, json))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("rw-json: cannot decode the payload")
                .hasMessageContaining("at byte offset 6")
                .hasMessageContaining("column `v`")
                .hasMessageContaining(reason);
    }

    static Stream<Arguments> timestamptzModes() {
        return Stream.of(
                Arguments.of(
                        JsonTimestamptzMode.MILLI,
                        "1712800800123",
                        ts(APRIL_11_2024_02H * 1000 + 123, 0)),
                Arguments.of(
                        JsonTimestamptzMode.MICRO,
                        "1712800800123456",
                        ts(APRIL_11_2024_02H * 1000 + 123, 456_000)),
                Arguments.of(JsonTimestamptzMode.MILLI, "100", ts(100, 0)),
                Arguments.of(JsonTimestamptzMode.GUESS_NUMBER_UNIT, "100", ts(100_000, 0)),
                Arguments.of(
                        JsonTimestamptzMode.UTC_WITHOUT_SUFFIX,
                        "\"2024-04-11 02:00:00.234321\"",
                        ts(APRIL_11_2024_02H * 1000 + 234, 321_000)),
                Arguments.of(
                        JsonTimestamptzMode.UTC_STRING,
                        "\"2024-04-11T02:00:00.654321Z\"",
                        ts(APRIL_11_2024_02H * 1000 + 654, 321_000)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("timestamptzModes")
    void timestamptzHandlingModes(JsonTimestamptzMode mode, String json, TimestampData expected)
            throws Exception {
        assertThat(decodeValue(DataTypes.TIMESTAMP_LTZ(6), json, mode)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void stringModesRefuseNumbers() {
        for (JsonTimestamptzMode mode :
                new JsonTimestamptzMode[] {
                    JsonTimestamptzMode.UTC_STRING, JsonTimestamptzMode.UTC_WITHOUT_SUFFIX
                }) {
            assertThatThrownBy(() -> decodeValue(DataTypes.TIMESTAMP_LTZ(3), "1712800800", mode))
                    .hasMessageContaining("accepts strings only");
        }
    }
}
