package io.flinkrw.formats.json;

import io.flinkrw.formats.HostilePayloads;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * rw-json against generated payloads: objects of the right shape whose values are extreme (huge
 * exponents and digit counts, numeric strings, deep nesting, odd dates, intervals and Debezium
 * decimals) for columns of every type, plus random and truncated bytes. See {@link HostilePayloads}
 * for what each payload must do.
 */
class JsonHostilePayloadsTest {

    private static final String[] NAMES = {
        "id", "n", "small", "amount", "wide", "price", "ratio", "at", "atz", "day", "clock", "ym",
        "ds", "name", "raw", "ok", "tags", "attrs", "keyed", "addr"
    };

    private HostilePayloads.Subject subject;

    @BeforeProperty
    void open() throws Exception {
        subject = new HostilePayloads.Subject("rw-json", deserializer(false), deserializer(true));
    }

    private static RwJsonDeserializationSchema deserializer(boolean ignore) {
        DataType[] types = {
            DataTypes.BIGINT(),
            DataTypes.INT(),
            DataTypes.TINYINT(),
            DataTypes.DECIMAL(10, 2),
            DataTypes.DECIMAL(38, 10),
            DataTypes.DOUBLE(),
            DataTypes.FLOAT(),
            DataTypes.TIMESTAMP(3),
            DataTypes.TIMESTAMP_LTZ(6),
            DataTypes.DATE(),
            DataTypes.TIME(),
            DataTypes.INTERVAL(DataTypes.YEAR(), DataTypes.MONTH()),
            DataTypes.INTERVAL(DataTypes.DAY(), DataTypes.SECOND(3)),
            DataTypes.STRING(),
            DataTypes.BYTES(),
            DataTypes.BOOLEAN(),
            DataTypes.ARRAY(DataTypes.DECIMAL(10, 2)),
            DataTypes.MAP(DataTypes.STRING(), DataTypes.BIGINT()),
            DataTypes.MAP(DataTypes.INT(), DataTypes.DOUBLE()),
            DataTypes.ROW(
                    DataTypes.FIELD("city", DataTypes.STRING()),
                    DataTypes.FIELD("zip", DataTypes.INT()),
                    DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)))
        };
        DataTypes.Field[] fields = new DataTypes.Field[NAMES.length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = DataTypes.FIELD(NAMES[i], types[i]);
        }
        return RwJsonDeserializationSchema.builder()
                .setIgnoreParseErrors(ignore)
                .setColumns(DataTypes.ROW(fields))
                .build();
    }

    @Property(seed = HostilePayloads.SEED)
    void everyPayloadDecodesOrFailsClearlyInTime(@ForAll("payloads") byte[] payload) {
        subject.check(payload);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> objects = objects();
        return Arbitraries.frequencyOf(
                Tuple.of(12, objects),
                Tuple.of(2, HostilePayloads.truncated(objects)),
                Tuple.of(2, HostilePayloads.corrupted(objects)),
                Tuple.of(1, HostilePayloads.noise()));
    }

    /** An object with a few of the columns (and an unknown key), each with an extreme value. */
    static Arbitrary<byte[]> objects() {
        Arbitrary<String> member =
                Combinators.combine(
                                Arbitraries.oneOf(
                                        Arbitraries.of(NAMES),
                                        Arbitraries.of("zz", "ID", "Amount")),
                                value())
                        .as((name, value) -> "\"" + name + "\": " + value);
        return member.list()
                .ofMinSize(0)
                .ofMaxSize(6)
                .map(members -> ("{" + String.join(", ", members) + "}"))
                .map(json -> json.getBytes(StandardCharsets.UTF_8));
    }

    /** One JSON value, extreme in what it claims. */
    @SuppressWarnings("unchecked")
    static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, number()),
                Tuple.of(3, number().map(JsonHostilePayloadsTest::quote)),
                Tuple.of(2, text().map(JsonHostilePayloadsTest::quote)),
                Tuple.of(1, nested()),
                Tuple.of(1, debeziumDecimal()),
                Tuple.of(1, Arbitraries.of("true", "false", "null", "{}", "[]")),
                Tuple.of(
                        1,
                        Arbitraries.lazy(JsonHostilePayloadsTest::value)
                                .list()
                                .ofMaxSize(3)
                                .map(items -> "[" + String.join(", ", items) + "]")),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        text(), Arbitraries.lazy(JsonHostilePayloadsTest::value))
                                .as((k, v) -> "{" + quote(k) + ": " + v + "}")),
                Tuple.of(
                        1,
                        Arbitraries.lazy(JsonHostilePayloadsTest::value)
                                .map(v -> quote("{\"city\": " + v + ", \"at\": " + v + "}"))));
    }

    /** JSON numbers with huge or tiny exponents, many digits, or at the edges of longs. */
    @SuppressWarnings("unchecked")
    static Arbitrary<String> number() {
        Arbitrary<String> mantissa =
                Arbitraries.of("1", "-9.5", "0", "-0", "12345678.9", "0.000001", "99999999.995");
        Arbitrary<Long> exponent =
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.longs().between(0, 3_000_000_000L)),
                        Tuple.of(1, Arbitraries.longs().between(0, 400)),
                        Tuple.of(
                                1,
                                Arbitraries.of(
                                        (long) Integer.MAX_VALUE,
                                        Integer.MAX_VALUE + 1L,
                                        999_999_999L)));
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 3000);
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Combinators.combine(
                                        mantissa, Arbitraries.of("e", "E", "e+", "e-"), exponent)
                                .as((m, e, x) -> m + e + x)),
                Tuple.of(1, length.map(n -> "9".repeat(n))),
                Tuple.of(1, length.map(n -> "-1" + "0".repeat(n) + ".5")),
                Tuple.of(1, length.map(n -> "0." + "0".repeat(n) + "1")),
                Tuple.of(1, length.map(n -> "1." + "3".repeat(n) + "e-7")),
                Tuple.of(1, HostilePayloads.extremeLongs().map(String::valueOf)),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                "9223372036854775808",
                                "-9223372036854775809",
                                "1e999999999",
                                "1e-999999999",
                                "1.7976931348623157e309")));
    }

    /** Strings the text readers parse: numbers, dates, times, intervals, bytea, long runs. */
    static Arbitrary<String> text() {
        Arbitrary<Long> big = HostilePayloads.extremeLongs();
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 50_000);
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "NaN",
                        "-inf",
                        "Infinity",
                        "NAN",
                        "1e",
                        "--1",
                        ".",
                        "",
                        "+999999-12-31T23:59:59.999999999999Z",
                        "-999999-01-01 00:00:00",
                        "2024-02-30",
                        "2024-01-01T00:00:00+99:99",
                        "2024-01-01T24:00:00Z",
                        "99:99",
                        "23:59:59.9999999999999999999",
                        "P1e999Y",
                        "1e999 years",
                        "-1e308 days",
                        "1 year 99999999999999999999:00:00",
                        "\\x0",
                        "\\xzz",
                        "\\777",
                        "\\\\\\"),
                big.map(n -> n + " years"),
                big.map(n -> "P" + n + "Y" + n + "M"),
                big.map(n -> "-P" + n + "DT" + n + "H" + n + "S"),
                big.map(n -> n + " mons " + n + " days " + n + ":00:00"),
                length.map(n -> "1".repeat(n) + "x"),
                length.map(n -> "1".repeat(n)),
                length.map(n -> "\\x" + "ab".repeat(n)),
                length.map(n -> "2024-01-01T00:00:00." + "9".repeat(n) + "Z"));
    }

    /** Arrays and objects nested up to twice Jackson's depth limit. */
    static Arbitrary<String> nested() {
        return Arbitraries.integers()
                .between(1, 2500)
                .flatMap(
                        depth ->
                                Arbitraries.of(
                                        "[".repeat(depth) + "]".repeat(depth),
                                        "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth),
                                        "[".repeat(depth)));
    }

    /** Debezium's {"scale": s, "value": base64} with extreme scales and long unscaled values. */
    static Arbitrary<String> debeziumDecimal() {
        Arbitrary<String> scale =
                Arbitraries.oneOf(
                        Arbitraries.integers().map(String::valueOf),
                        HostilePayloads.extremeLongs().map(String::valueOf),
                        Arbitraries.of("1e9", "\"2\"", "null"));
        Arbitrary<String> unscaled =
                Arbitraries.oneOf(
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofMaxSize(5000)
                                .map(bytes -> Base64.getEncoder().encodeToString(bytes)),
                        Arbitraries.of("not base64!", "AQ=", ""));
        return Combinators.combine(scale, unscaled)
                .as((s, v) -> "{\"scale\": " + s + ", \"value\": \"" + v + "\"}");
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        return json.append('"').toString();
    }
}
