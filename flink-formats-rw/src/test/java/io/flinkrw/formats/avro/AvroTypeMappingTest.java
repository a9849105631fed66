package io.flinkrw.formats.avro;

import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.flinkrw.formats.avro.AvroTestSupport.parse;
import static io.flinkrw.formats.testutils.AvroRecords.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One golden test per row of RisingWave's Avro type mapping (reference 3.3): the column type a
 * field of that Avro type implies, and the value a datum written by Avro's own writer decodes to.
 */
class AvroTypeMappingTest {

    /** A record with the one field {@code f} of schema {@code fieldSchema}. */
    static Schema recordOf(String fieldSchema) {
        return parse(
                "{\"type\":\"record\",\"name\":\"Row\",\"namespace\":\"test\",\"fields\":"
                        + "[{\"name\":\"f\",\"type\":"
                        + fieldSchema
                        + "}]}");
    }

    static Stream<Arguments> mappingRows() {
        return Stream.of(
                row("boolean", "\"boolean\"", s -> true, "BOOLEAN", true),
                row("int", "\"int\"", s -> -5, "INT", -5),
                row("long", "\"long\"", s -> Long.MAX_VALUE, "BIGINT", Long.MAX_VALUE),
                row("float", "\"float\"", s -> 1.25f, "FLOAT", 1.25f),
                row("double", "\"double\"", s -> -0.5d, "DOUBLE", -0.5d),
                row(
                        "bytes",
                        "\"bytes\"",
                        s -> ByteBuffer.wrap(new byte[] {1, 2, -3}),
                        "BYTES",
                        new byte[] {1, 2, -3}),
                row("string", "\"string\"", s -> "grüße", "STRING", StringData.fromString("grüße")),
                row(
                        "enum",
                        "{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\"]}",
                        s -> new GenericData.EnumSymbol(s, "GREEN"),
                        "STRING",
                        StringData.fromString("GREEN")),
                row(
                        "fixed",
                        "{\"type\":\"fixed\",\"name\":\"Hash\",\"size\":4}",
                        s -> new GenericData.Fixed(s, new byte[] {9, 8, 7, 6}),
                        "BINARY(4)",
                        new byte[] {9, 8, 7, 6}),
                row(
                        "record",
                        "{\"type\":\"record\",\"name\":\"Address\",\"fields\":["
                                + "{\"name\":\"city\",\"type\":\"string\"},"
                                + "{\"name\":\"zip\",\"type\":\"int\"}]}",
                        s -> {
                            GenericRecord address = new GenericData.Record(s);
                            address.put("city", "Berlin");
                            address.put("zip", 10115);
                            return address;
                        },
                        "ROW<`city` STRING, `zip` INT>",
                        GenericRowData.of(StringData.fromString("Berlin"), 10115)),
                row(
                        "array",
                        "{\"type\":\"array\",\"items\":\"long\"}",
                        s -> List.of(1L, 2L),
                        "ARRAY<BIGINT>",
                        new GenericArrayData(new Object[] {1L, 2L})),
                row(
                        "map",
                        "{\"type\":\"map\",\"values\":\"int\"}",
                        s -> Map.of("k", 3),
                        "MAP<STRING, INT>",
                        new GenericMapData(Map.of(StringData.fromString("k"), 3))),
                row(
                        "union [null, T]",
                        "[\"null\",\"string\"]",
                        s -> "x",
                        "STRING",
                        StringData.fromString("x")),
                row("union [null, T], null", "[\"null\",\"string\"]", s -> null, "STRING", null),
                row("union [T, null]", "[\"long\",\"null\"]", s -> 7L, "BIGINT", 7L),
                row(
                        "union of several types",
                        "[\"null\",\"int\",\"string\"]",
                        s -> "text",
                        "ROW<`int` INT, `string` STRING>",
                        GenericRowData.of(null, StringData.fromString("text"))),
                row(
                        "union of several types, other branch",
                        "[\"int\",\"string\"]",
                        s -> 4,
                        "ROW<`int` INT, `string` STRING>",
                        GenericRowData.of(4, null)),
                row(
                        "decimal on bytes",
                        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}",
                        s -> new BigDecimal("-12345.67"),
                        "DECIMAL(10, 2)",
                        DecimalData.fromBigDecimal(new BigDecimal("-12345.67"), 10, 2)),
                row(
                        "decimal on fixed, wider than a long",
                        "{\"type\":\"fixed\",\"name\":\"Big\",\"size\":16,\"logicalType\":\"decimal\","
                                + "\"precision\":30,\"scale\":3}",
                        s -> new BigDecimal("123456789012345678901234.567"),
                        "DECIMAL(30, 3)",
                        DecimalData.fromBigDecimal(
                                new BigDecimal("123456789012345678901234.567"), 30, 3)),
                row(
                        "uuid",
                        "{\"type\":\"string\",\"logicalType\":\"uuid\"}",
                        s -> UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        "STRING",
                        StringData.fromString("123e4567-e89b-12d3-a456-426614174000")),
                row(
                        "uuid on fixed(16)",
                        "{\"type\":\"fixed\",\"name\":\"Id\",\"size\":16,\"logicalType\":\"uuid\"}",
                        s ->
                                new GenericData.Fixed(
                                        s,
                                        uuidBytes(
                                                UUID.fromString(
                                                        "123e4567-e89b-12d3-a456-426614174000"))),
                        "STRING",
                        StringData.fromString("123e4567-e89b-12d3-a456-426614174000")),
                row(
                        "date",
                        "{\"type\":\"int\",\"logicalType\":\"date\"}",
                        s -> 19_000,
                        "DATE",
                        19_000),
                row(
                        "time-millis",
                        "{\"type\":\"int\",\"logicalType\":\"time-millis\"}",
                        s -> 3_723_004,
                        "TIME(3)",
                        3_723_004),
                row(
                        "time-micros",
                        "{\"type\":\"long\",\"logicalType\":\"time-micros\"}",
                        s -> 3_723_004_005L,
                        "TIME(6)",
                        3_723_004),
                row(
                        "timestamp-millis",
                        "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
                        s -> 1_700_000_000_123L,
                        "TIMESTAMP_LTZ(3)",
                        TimestampData.fromEpochMillis(1_700_000_000_123L)),
                row(
                        "timestamp-micros",
                        "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
                        s -> -1_000_001L,
                        "TIMESTAMP_LTZ(6)",
                        TimestampData.fromEpochMillis(-1_001L, 999_000)),
                row(
                        "timestamp-nanos",
                        "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}",
                        s -> 1_700_000_000_123_456_789L,
                        "TIMESTAMP_LTZ(9)",
                        TimestampData.fromEpochMillis(1_700_000_000_123L, 456_789)),
                row(
                        "local-timestamp-millis",
                        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}",
                        s -> 86_400_000L,
                        "TIMESTAMP(3)",
                        TimestampData.fromEpochMillis(86_400_000L)),
                row(
                        "local-timestamp-micros",
                        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}",
                        s -> 86_400_000_001L,
                        "TIMESTAMP(6)",
                        TimestampData.fromEpochMillis(86_400_000L, 1_000)),
                row(
                        "local-timestamp-nanos",
                        "{\"type\":\"long\",\"logicalType\":\"local-timestamp-nanos\"}",
                        s -> 5L,
                        "TIMESTAMP(9)",
                        TimestampData.fromEpochMillis(0L, 5)),
                row(
                        "duration",
                        "{\"type\":\"fixed\",\"name\":\"Span\",\"size\":12,\"logicalType\":\"duration\"}",
                        s ->
                                new GenericData.Fixed(
                                        s, new byte[] {2, 0, 0, 0, 3, 0, 0, 0, 4, 1, 0, 0}),
                        "ROW<`months` BIGINT, `days` BIGINT, `millis` BIGINT>",
                        GenericRowData.of(2L, 3L, 260L)),
                row(
                        "io.debezium.data.VariableScaleDecimal",
                        "{\"type\":\"record\",\"name\":\"VariableScaleDecimal\","
                                + "\"namespace\":\"io.debezium.data\",\"fields\":["
                                + "{\"name\":\"scale\",\"type\":\"int\"},"
                                + "{\"name\":\"value\",\"type\":\"bytes\"}]}",
                        s -> {
                            GenericRecord decimal = new GenericData.Record(s);
                            decimal.put("scale", 3);
                            decimal.put(
                                    "value",
                                    ByteBuffer.wrap(BigInteger.valueOf(-12345).toByteArray()));
                            return decimal;
                        },
                        "DECIMAL(38, 10)",
                        DecimalData.fromBigDecimal(new BigDecimal("-12.345"), 38, 10)));
    }

    private static Arguments row(
            String avroType,
            String fieldSchema,
            Function<Schema, Object> datum,
            String flinkType,
            Object expected) {
        return Arguments.of(avroType, fieldSchema, datum, flinkType, expected);
    }

    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappingRows")
    void decodesEveryRowOfTheMapping(
            String avroType,
            String fieldSchema,
            Function<Schema, Object> datum,
            String flinkType,
            Object expected)
            throws Exception {
        Schema record = recordOf(fieldSchema);
        RowType implied = AvroTypeMapping.rowTypeOf(record);
        assertThat(implied.getTypeAt(0).asSummaryString()).isEqualTo(flinkType);

        Schema fieldType = record.getField("f").schema();
        Schema valueSchema =
                fieldType.getType() == Schema.Type.UNION
                        ? fieldType.getTypes().stream()
                                .filter(b -> b.getType() != Schema.Type.NULL)
                                .findFirst()
                                .get()
                        : fieldType;
        GenericRecord value = new GenericData.Record(record);
        value.put("f", datum.apply(valueSchema));
        RowData row =
                AvroTestSupport.deserializer(record.toString(), implied, AvroEncoding.RAW, false)
                        .deserialize(raw(record, value));
        assertThat(((GenericRowData) row).getField(0)).isEqualTo(expected);
    }

    @Test
    void typesWithoutAMappingAreRefusedWithThePath() {
        assertThatThrownBy(() -> AvroTypeMapping.rowTypeOf(recordOf("\"null\"")))
                .isInstanceOf(ColumnMismatchException.class)
                .hasMessageContaining("`f`")
                .hasMessageContaining("null alone");
        assertThatThrownBy(
                        () ->
                                AvroTypeMapping.rowTypeOf(
                                        recordOf(
                                                "{\"type\":\"bytes\",\"logicalType\":\"big-decimal\"}")))
                .hasMessageContaining("big-decimal");
        Schema recursive =
                parse(
                        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                                + "{\"name\":\"name\",\"type\":\"string\"},"
                                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        assertThatThrownBy(() -> AvroTypeMapping.rowTypeOf(recursive))
                .hasMessageContaining("`next`")
                .hasMessageContaining("circular reference");
    }
}
