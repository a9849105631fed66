package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.flinkrw.common.source.ParseErrorCounter.NUM_RECORDS_IN_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Avro values whose decoding cost would follow what they claim rather than their size: a
 * variable-scale decimal's scale, a block count of empty items repeated in every nested array, an
 * unscaled value of a million bytes. Each is rejected (or decoded) at once; the time limit is a
 * hang guard, not a speed limit.
 */
class AvroHostileValuesTest {

    /** A hang guard: before the guards these payloads kept the thread busy for minutes. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private static final String VARIABLE_SCALE =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"amount\",\"type\":"
                    + "{\"type\":\"record\",\"name\":\"VariableScaleDecimal\","
                    + "\"namespace\":\"io.debezium.data\",\"fields\":["
                    + "{\"name\":\"scale\",\"type\":\"int\"},{\"name\":\"value\",\"type\":\"bytes\"}]}}]}";

    private static final String FIXED_SCALE =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"amount\",\"type\":"
                    + "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}}]}";

    private static final String EMPTY_ITEMS =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                    + "{\"name\":\"gaps\",\"type\":{\"type\":\"array\",\"items\":"
                    + "{\"type\":\"array\",\"items\":\"null\"}}},"
                    + "{\"name\":\"amount\",\"type\":\"int\"}]}";

    @Test
    void aVariableScaleDecimalWithAHugeNegativeScaleIsRejected() throws Exception {
        byte[] payload = variableScale(-100_000_000, new byte[] {1});
        assertRejected(
                VARIABLE_SCALE,
                DataTypes.DECIMAL(10, 2),
                payload,
                "column `amount`",
                "does not fit");
    }

    @Test
    void aVariableScaleDecimalWithAHugeScaleRoundsToZero() throws Exception {
        byte[] payload = variableScale(100_000_000, new byte[] {1});
        RowData row = decode(VARIABLE_SCALE, DataTypes.DECIMAL(10, 2), payload);
        assertThat(((GenericRowData) row).getField(0)).isEqualTo(DecimalData.zero(10, 2));
    }

    /** About 228 written with 2.4 million digits after the point: rounding takes seconds. */
    @Test
    void aVariableScaleDecimalWithAMegabyteOfDigitsAndAScaleAsLargeIsRejected() throws Exception {
        byte[] unscaled = new byte[1_000_000];
        Arrays.fill(unscaled, (byte) 0x3f);
        int digits = (int) (new BigInteger(unscaled).bitLength() * 0.30103);
        assertRejected(
                VARIABLE_SCALE,
                DataTypes.DECIMAL(10, 2),
                variableScale(digits - 2, unscaled),
                "column `amount`",
                "does not fit");
    }

    @Test
    void aVariableScaleDecimalReadAsStringMustHaveAPlainTextOfPostgresSize() throws Exception {
        assertRejected(
                VARIABLE_SCALE,
                DataTypes.STRING(),
                variableScale(-2_000_000_000, new byte[] {1}),
                "column `amount`",
                "more digits than");
        assertRejected(
                VARIABLE_SCALE,
                DataTypes.STRING(),
                variableScale(2_000_000_000, new byte[] {1}),
                "column `amount`",
                "more digits than");
        RowData row =
                decode(
                        VARIABLE_SCALE,
                        DataTypes.STRING(),
                        variableScale(-3, BigDecimal.valueOf(-12).unscaledValue().toByteArray()));
        assertThat(((GenericRowData) row).getField(0)).isEqualTo(StringData.fromString("-12000"));
    }

    @Test
    void aMillionByteUnscaledValueIsRejectedWithoutWritingItOut() throws Exception {
        byte[] unscaled = new byte[1_000_000];
        Arrays.fill(unscaled, (byte) 0x3f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLong(out, unscaled.length);
        out.write(unscaled);
        assertRejected(
                FIXED_SCALE,
                DataTypes.DECIMAL(10, 2),
                out.toByteArray(),
                "column `amount`",
                "does not fit");
    }

    /** Each nested array claims a million empty items in three bytes. */
    static byte[] emptyItemsPayload() {
        int arrays = 200_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLong(out, arrays);
        for (int i = 0; i < arrays; i++) {
            writeLong(out, 1_000_000);
            writeLong(out, 0);
        }
        writeLong(out, 0);
        writeLong(out, 7);
        return out.toByteArray();
    }

    @Test
    void emptyItemsAreLimitedPerPayloadWhenSkipped() throws Exception {
        assertRejected(EMPTY_ITEMS, DataTypes.INT(), emptyItemsPayload(), "empty items");
    }

    @Test
    void emptyItemsAreLimitedPerPayloadWhenRead() throws Exception {
        RowType columns =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD(
                                                "gaps",
                                                DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INT()))),
                                        DataTypes.FIELD("amount", DataTypes.INT()))
                                .getLogicalType();
        RwAvroDeserializationSchema strict =
                AvroTestSupport.deserializer(EMPTY_ITEMS, columns, AvroEncoding.RAW, false);
        byte[] payload = emptyItemsPayload();
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(() -> strict.deserialize(payload))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContaining("empty items"));
    }

    /** A container whose writer schema has no fields claims 2^40 records in zero bytes. */
    @Test
    void recordsOfZeroBytesInAContainerAreLimitedPerPayload() throws Exception {
        byte[] sync = new byte[16];
        Arrays.fill(sync, (byte) 0x5a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'O', 'b', 'j', 1});
        writeLong(out, 1);
        writeBytes(out, "avro.schema".getBytes(StandardCharsets.UTF_8));
        writeBytes(
                out,
                "{\"type\":\"record\",\"name\":\"Nothing\",\"fields\":[]}"
                        .getBytes(StandardCharsets.UTF_8));
        writeLong(out, 0);
        out.write(sync);
        writeLong(out, 1L << 40);
        writeLong(out, 0);
        out.write(sync);
        RowType columns =
                (RowType)
                        DataTypes.ROW(DataTypes.FIELD("amount", DataTypes.INT())).getLogicalType();
        RwAvroDeserializationSchema strict =
                AvroTestSupport.deserializer(EMPTY_ITEMS, columns, AvroEncoding.CONTAINER, false);
        byte[] payload = out.toByteArray();
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(() -> FormatTestUtils.collect(strict, payload))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContaining("empty items"));
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeLong(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void assertRejected(String avsc, DataType type, byte[] payload, String... whys)
            throws Exception {
        RowType columns = (RowType) DataTypes.ROW(DataTypes.FIELD("amount", type)).getLogicalType();
        RwAvroDeserializationSchema strict =
                AvroTestSupport.deserializer(avsc, columns, AvroEncoding.RAW, false);
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(() -> strict.deserialize(payload))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContainingAll(whys));
        CountingMetricGroup metrics = new CountingMetricGroup();
        RwAvroDeserializationSchema lenient =
                AvroTestSupport.deserializer(avsc, columns, AvroEncoding.RAW, true);
        lenient.open(FormatTestUtils.context(metrics));
        assertTimeoutPreemptively(
                HANG_GUARD, () -> assertThat(FormatTestUtils.collect(lenient, payload)).isEmpty());
        assertThat(metrics.count(NUM_RECORDS_IN_ERRORS)).isEqualTo(1);
    }

    private static RowData decode(String avsc, DataType type, byte[] payload) throws Exception {
        RowType columns = (RowType) DataTypes.ROW(DataTypes.FIELD("amount", type)).getLogicalType();
        RwAvroDeserializationSchema strict =
                AvroTestSupport.deserializer(avsc, columns, AvroEncoding.RAW, false);
        return assertTimeoutPreemptively(HANG_GUARD, () -> strict.deserialize(payload));
    }

    private static byte[] variableScale(int scale, byte[] unscaled) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLong(out, scale);
        writeLong(out, unscaled.length);
        out.write(unscaled, 0, unscaled.length);
        return out.toByteArray();
    }

    /** Avro's zig-zag varint. */
    static void writeLong(ByteArrayOutputStream out, long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }
}
