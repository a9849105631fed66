package io.flinkrw.formats.json;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import static io.flinkrw.common.source.ParseErrorCounter.NUM_RECORDS_IN_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Values whose decoding cost would follow what they claim (an exponent, a digit count, a nesting
 * depth) rather than their size: each is rejected as undecodable, or decoded, at once. The time
 * limit is a hang guard: before the guards these values kept the thread busy for minutes.
 */
class JsonHostileValuesTest {

    /** A hang guard, not a speed limit: the values below take microseconds once guarded. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private static final DataType AMOUNT = DataTypes.DECIMAL(10, 2);

    static Stream<Arguments> rejected() {
        String digits = "1".repeat(1_000_000);
        return Stream.of(
                no("huge exponent, number", AMOUNT, "1e100000000", "too many digits"),
                no("huge exponent, string", AMOUNT, "\"1e100000000\"", "too many digits"),
                no("huge negative, string", AMOUNT, "\"-9.5E+400000000\"", "too many digits"),
                no(
                        "Debezium decimal, huge negative scale",
                        AMOUNT,
                        "{\"scale\": -100000000, \"value\": \"AQ==\"}",
                        "too many digits"),
                no(
                        "Debezium decimal, a megabyte of digits with a scale as large",
                        AMOUNT,
                        megabyteDebeziumDecimal(),
                        "too many digits"),
                no(
                        "Debezium decimal, a scale beyond an int",
                        AMOUNT,
                        "{\"scale\": 3000000000, \"value\": \"AQ==\"}",
                        "the scale is out of range"),
                no(
                        "exponent beyond an int",
                        AMOUNT,
                        "\"1e99999999999\"",
                        "the exponent is out of range"),
                no(
                        "exponent beyond an int, number",
                        AMOUNT,
                        "1e99999999999",
                        "the exponent is out of range"),
                no(
                        "a million digits in a string",
                        AMOUNT,
                        '"' + digits + '"',
                        "longer than 1000 characters"),
                no(
                        "a long digit run that is not a number (regex backtracking)",
                        DataTypes.DOUBLE(),
                        '"' + "1".repeat(100_000) + "x\"",
                        "not a number"),
                no("huge exponent as BIGINT", DataTypes.BIGINT(), "1e999999999", "not an integer"),
                no(
                        "huge exponent string as BIGINT",
                        DataTypes.BIGINT(),
                        "\"1e999999999\"",
                        "not an integer"),
                no(
                        "huge exponent as TIMESTAMP",
                        DataTypes.TIMESTAMP(3),
                        "1e999999999",
                        "TIMESTAMP(3)"),
                no(
                        "years beyond INTERVAL YEAR TO MONTH",
                        DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()),
                        "\"P99999999999Y\"",
                        "out of range"),
                no(
                        "years of an infinite count",
                        DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()),
                        "\"1e999 years\"",
                        "out of range"));
    }

    /**
     * About 228 (DECIMAL(10, 2) fits it) written with 2.4 million digits after the point: rounding
     * it divides by 10^2408236, seconds for one value.
     */
    private static String megabyteDebeziumDecimal() {
        byte[] bytes = new byte[1_000_000];
        Arrays.fill(bytes, (byte) 0x3f);
        int digits = (int) (new BigInteger(bytes).bitLength() * 0.30103);
        return String.format(
                "{\"scale\": %d, \"value\": \"%s\"}",
                digits - 2, Base64.getEncoder().encodeToString(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsQuicklyNamingTheColumn(String name, DataType type, String json, String why) {
        byte[] payload = payload(json);
        RwJsonDeserializationSchema strict = deserializer(type, false);
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(() -> strict.deserialize(payload))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContaining("column `amount`")
                                .hasMessageContaining(why));
        CountingMetricGroup metrics = new CountingMetricGroup();
        RwJsonDeserializationSchema lenient = deserializer(type, true, metrics);
        assertTimeoutPreemptively(
                HANG_GUARD, () -> assertThat(FormatTestUtils.collect(lenient, payload)).isEmpty());
        assertThat(metrics.count(NUM_RECORDS_IN_ERRORS)).isEqualTo(1);
    }

    static Stream<Arguments> roundedToZero() {
        return Stream.of(
                Arguments.of("1e-100000000"),
                Arguments.of("\"-1e-100000000\""),
                Arguments.of("\"0e100000000\""),
                Arguments.of("{\"scale\": 100000000, \"value\": \"AQ==\"}"),
                Arguments.of("\"0.004999\""));
    }

    /** A value below half the column's last digit rounds to zero, as setScale would make it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("roundedToZero")
    void tinyValuesRoundToZeroAtOnce(String json) {
        RwJsonDeserializationSchema strict = deserializer(AMOUNT, false);
        RowData row =
                assertTimeoutPreemptively(HANG_GUARD, () -> strict.deserialize(payload(json)));
        assertThat(((GenericRowData) row).getField(0))
                .isEqualTo(DecimalData.fromBigDecimal(BigDecimal.ZERO, 10, 2));
    }

    static Stream<Arguments> kept() {
        return Stream.of(
                Arguments.of("\"0.005\"", "0.01"),
                Arguments.of("\"-0.005\"", "-0.01"),
                Arguments.of("99999999.994", "99999999.99"),
                Arguments.of("\"1.2345678901234567890123456789e7\"", "12345678.90"),
                Arguments.of("{\"scale\": 2, \"value\": \"AeI=\"}", "4.82"),
                Arguments.of("\"12345678e-0\"", "12345678.00"));
    }

    /** Values at the edges the guards look at decode as before. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kept")
    void valuesAtTheEdgesStillDecode(String json, String expected) throws Exception {
        RowData row = deserializer(AMOUNT, false).deserialize(payload(json));
        assertThat(((GenericRowData) row).getField(0))
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal(expected), 10, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooDeep")
    void deepNestingIsRejectedByTheParser(String name, String json) {
        RwJsonDeserializationSchema strict = deserializer(DataTypes.STRING(), false);
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(
                                        () ->
                                                strict.deserialize(
                                                        json.getBytes(StandardCharsets.UTF_8)))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContaining("nesting depth"));
    }

    static Stream<Arguments> tooDeep() {
        int depth = 100_000;
        return Stream.of(
                Arguments.of(
                        "an unselected key",
                        "{\"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}"),
                Arguments.of(
                        "a STRING column",
                        "{\"amount\": " + "[".repeat(depth) + "]".repeat(depth) + "}"));
    }

    private static byte[] payload(String amountJson) {
        return ("{\"amount\": " + amountJson + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static RwJsonDeserializationSchema deserializer(DataType type, boolean ignore) {
        return deserializer(type, ignore, new CountingMetricGroup());
    }

    private static RwJsonDeserializationSchema deserializer(
            DataType type, boolean ignore, CountingMetricGroup metrics) {
        RwJsonDeserializationSchema schema =
                RwJsonDeserializationSchema.builder()
                        .setIgnoreParseErrors(ignore)
                        .setColumns(DataTypes.ROW(DataTypes.FIELD("amount", type)))
                        .build();
        try {
            schema.open(FormatTestUtils.context(metrics));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return schema;
    }

    private static Arguments no(String name, DataType type, String json, String why) {
        return Arguments.of(name, type, json, why);
    }
}
