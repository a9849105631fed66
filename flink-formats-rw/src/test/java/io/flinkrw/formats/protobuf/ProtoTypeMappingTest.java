package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.protobuf.testdata.AllTypes;
import io.flinkrw.formats.protobuf.testdata.common.Address;
import io.flinkrw.formats.protobuf.testdata.common.Kind;
import io.flinkrw.formats.schema.ColumnList;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.flinkrw.formats.protobuf.ProtoTestSchemas.decode;
import static io.flinkrw.formats.protobuf.ProtoTestSchemas.schema;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One golden test per row of RisingWave's protobuf type mapping (reference 3.4): the column type
 * the field implies, and the value a payload with the field set decodes to.
 */
class ProtoTypeMappingTest {

    private static final String ALL_TYPES = "shop.v1.AllTypes";

    @Test
    void allTypesImplyRisingWavesColumns() {
        assertThat(ColumnList.toDdl(schema(ALL_TYPES).impliedRowType()))
                .isEqualTo(
                        String.join(
                                ",\n",
                                "`f_double` DOUBLE",
                                "`f_float` FLOAT",
                                "`f_int32` INT",
                                "`f_int64` BIGINT",
                                "`f_uint32` BIGINT",
                                "`f_uint64` DECIMAL(20, 0)",
                                "`f_sint32` INT",
                                "`f_sint64` BIGINT",
                                "`f_fixed32` BIGINT",
                                "`f_fixed64` DECIMAL(20, 0)",
                                "`f_sfixed32` INT",
                                "`f_sfixed64` BIGINT",
                                "`f_bool` BOOLEAN",
                                "`f_string` STRING",
                                "`f_bytes` BYTES",
                                "`f_enum` STRING",
                                "`f_message` ROW<`city` STRING, `zip` INT>",
                                "`r_int64` ARRAY<BIGINT>",
                                "`r_string` ARRAY<STRING>",
                                "`r_message` ARRAY<ROW<`city` STRING, `zip` INT>>",
                                "`r_enum` ARRAY<STRING>",
                                "`m_string_int64` MAP<STRING, BIGINT>",
                                "`m_int32_message` MAP<INT, ROW<`city` STRING, `zip` INT>>",
                                "`o_text` STRING",
                                "`o_number` BIGINT",
                                "`o_address` ROW<`city` STRING, `zip` INT>",
                                "`f_timestamp` ROW<`seconds` BIGINT, `nanos` INT>",
                                "`f_duration` ROW<`seconds` BIGINT, `nanos` INT>",
                                "`f_int64_value` ROW<`value` BIGINT>",
                                "`f_string_value` ROW<`value` STRING>",
                                "`f_any` ROW<`type_url` STRING, `value` BYTES>",
                                "`f_optional` INT",
                                "`r_unpacked` ARRAY<INT>"));
    }

    private static final Address BERLIN =
            Address.newBuilder().setCity("Berlin").setZip(10115).build();
    private static final GenericRowData BERLIN_ROW =
            GenericRowData.of(StringData.fromString("Berlin"), 10115);

    static Stream<Arguments> mappingRows() {
        return Stream.of(
                row("double", "f_double", b -> b.setFDouble(2.5), 2.5d),
                row("float", "f_float", b -> b.setFFloat(1.5f), 1.5f),
                row("int32", "f_int32", b -> b.setFInt32(-7), -7),
                row("int64", "f_int64", b -> b.setFInt64(Long.MIN_VALUE), Long.MIN_VALUE),
                row("uint32", "f_uint32", b -> b.setFUint32(-1), 4_294_967_295L),
                row(
                        "uint64",
                        "f_uint64",
                        b -> b.setFUint64(-1L),
                        DecimalData.fromBigDecimal(new BigDecimal("18446744073709551615"), 20, 0)),
                row("sint32", "f_sint32", b -> b.setFSint32(-123), -123),
                row("sint64", "f_sint64", b -> b.setFSint64(-1234567890123L), -1234567890123L),
                row("fixed32", "f_fixed32", b -> b.setFFixed32(-2), 4_294_967_294L),
                row(
                        "fixed64",
                        "f_fixed64",
                        b -> b.setFFixed64(Long.MIN_VALUE),
                        DecimalData.fromBigDecimal(new BigDecimal("9223372036854775808"), 20, 0)),
                row("sfixed32", "f_sfixed32", b -> b.setFSfixed32(-9), -9),
                row("sfixed64", "f_sfixed64", b -> b.setFSfixed64(-99L), -99L),
                row("bool", "f_bool", b -> b.setFBool(true), true),
                row(
                        "string",
                        "f_string",
                        b -> b.setFString("grüße"),
                        StringData.fromString("grüße")),
                row(
                        "bytes",
                        "f_bytes",
                        b -> b.setFBytes(ByteString.copyFrom(new byte[] {0, -1, 7})),
                        new byte[] {0, -1, 7}),
                row("enum", "f_enum", b -> b.setFEnum(Kind.SELL), StringData.fromString("SELL")),
                row("message", "f_message", b -> b.setFMessage(BERLIN), BERLIN_ROW),
                row(
                        "repeated scalar",
                        "r_int64",
                        b -> b.addRInt64(1).addRInt64(-2),
                        new GenericArrayData(new Object[] {1L, -2L})),
                row(
                        "repeated string",
                        "r_string",
                        b -> b.addRString("a").addRString("b"),
                        new GenericArrayData(
                                new Object[] {
                                    StringData.fromString("a"), StringData.fromString("b")
                                })),
                row(
                        "repeated message",
                        "r_message",
                        b -> b.addRMessage(BERLIN),
                        new GenericArrayData(new Object[] {BERLIN_ROW})),
                row(
                        "repeated enum",
                        "r_enum",
                        b -> b.addREnum(Kind.BUY).addREnum(Kind.SELL),
                        new GenericArrayData(
                                new Object[] {
                                    StringData.fromString("BUY"), StringData.fromString("SELL")
                                })),
                row(
                        "map",
                        "m_string_int64",
                        b -> b.putMStringInt64("x", 5L),
                        new GenericMapData(Map.of(StringData.fromString("x"), 5L))),
                row(
                        "map with message values",
                        "m_int32_message",
                        b -> b.putMInt32Message(3, BERLIN),
                        new GenericMapData(Map.of(3, BERLIN_ROW))),
                row("oneof member", "o_number", b -> b.setONumber(42L), 42L),
                row(
                        "google.protobuf.Timestamp",
                        "f_timestamp",
                        b ->
                                b.setFTimestamp(
                                        Timestamp.newBuilder()
                                                .setSeconds(1_700_000_000L)
                                                .setNanos(5)),
                        GenericRowData.of(1_700_000_000L, 5)),
                row(
                        "google.protobuf.Duration",
                        "f_duration",
                        b -> b.setFDuration(Duration.newBuilder().setSeconds(-3).setNanos(-1)),
                        GenericRowData.of(-3L, -1)),
                row(
                        "wrapper Int64Value",
                        "f_int64_value",
                        b -> b.setFInt64Value(Int64Value.of(0L)),
                        GenericRowData.of(0L)),
                row(
                        "wrapper StringValue",
                        "f_string_value",
                        b -> b.setFStringValue(StringValue.of("w")),
                        GenericRowData.of(StringData.fromString("w"))),
                row(
                        "google.protobuf.Any",
                        "f_any",
                        b -> b.setFAny(Any.pack(BERLIN)),
                        GenericRowData.of(
                                StringData.fromString("type.googleapis.com/shop.common.Address"),
                                BERLIN.toByteArray())),
                row("optional (explicit presence)", "f_optional", b -> b.setFOptional(0), 0));
    }

    private static Arguments row(
            String protobufType, String field, Consumer<AllTypes.Builder> set, Object expected) {
        return Arguments.of(protobufType, field, set, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappingRows")
    void decodesEveryRowOfTheMapping(
            String protobufType, String field, Consumer<AllTypes.Builder> set, Object expected)
            throws Exception {
        AllTypes.Builder builder = AllTypes.newBuilder();
        set.accept(builder);
        RowData row = decode(ALL_TYPES, builder.build().toByteArray());
        RowType columns = schema(ALL_TYPES).impliedRowType();
        Object actual = ((GenericRowData) row).getField(columns.getFieldIndex(field));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void absentFieldsGiveProto3DefaultsOrNullAsRisingWave() throws Exception {
        GenericRowData row = (GenericRowData) decode(ALL_TYPES, new byte[0]);
        RowType columns = schema(ALL_TYPES).impliedRowType();
        // Implicit presence: the default value.
        assertThat(row.getField(columns.getFieldIndex("f_double"))).isEqualTo(0d);
        assertThat(row.getField(columns.getFieldIndex("f_int32"))).isEqualTo(0);
        assertThat(row.getField(columns.getFieldIndex("f_uint32"))).isEqualTo(0L);
        assertThat(row.getField(columns.getFieldIndex("f_uint64")))
                .isEqualTo(DecimalData.zero(20, 0));
        assertThat(row.getField(columns.getFieldIndex("f_bool"))).isEqualTo(false);
        assertThat(row.getField(columns.getFieldIndex("f_string")))
                .isEqualTo(StringData.fromString(""));
        assertThat((byte[]) row.getField(columns.getFieldIndex("f_bytes"))).isEmpty();
        assertThat(row.getField(columns.getFieldIndex("f_enum")))
                .isEqualTo(StringData.fromString("KIND_UNSPECIFIED"));
        // Repeated and maps: empty.
        assertThat(((GenericArrayData) row.getField(columns.getFieldIndex("r_int64"))).size())
                .isZero();
        assertThat(((GenericMapData) row.getField(columns.getFieldIndex("m_string_int64"))).size())
                .isZero();
        // Explicit presence (messages, oneof members, optional, wrappers): NULL.
        for (String field :
                new String[] {
                    "f_message",
                    "o_text",
                    "o_number",
                    "o_address",
                    "f_timestamp",
                    "f_int64_value",
                    "f_any",
                    "f_optional"
                }) {
            assertThat(row.isNullAt(columns.getFieldIndex(field))).as(field).isTrue();
        }
    }

    @Test
    void timestampReadsAsTimestampLtzOrTimestampWhenDeclaredSo() throws Exception {
        AllTypes payload =
                AllTypes.newBuilder()
                        .setFTimestamp(
                                Timestamp.newBuilder()
                                        .setSeconds(1_700_000_000L)
                                        .setNanos(123_456_789))
                        .build();
        RowType ltz9 = ProtoTestSchemas.row("f_timestamp", DataTypes.TIMESTAMP_LTZ(9));
        RowType ltz3 = ProtoTestSchemas.row("f_timestamp", DataTypes.TIMESTAMP_LTZ(3));
        RowType local6 = ProtoTestSchemas.row("f_timestamp", DataTypes.TIMESTAMP(6));
        assertThat(decodeAs(ltz9, payload).getTimestamp(0, 9))
                .isEqualTo(TimestampData.fromEpochMillis(1_700_000_000_123L, 456_789));
        assertThat(decodeAs(ltz3, payload).getTimestamp(0, 3))
                .isEqualTo(TimestampData.fromEpochMillis(1_700_000_000_123L));
        assertThat(decodeAs(local6, payload).getTimestamp(0, 6))
                .isEqualTo(TimestampData.fromEpochMillis(1_700_000_000_123L, 456_000));
        assertThat(decodeAs(ltz3, AllTypes.getDefaultInstance()).isNullAt(0)).isTrue();
    }

    @Test
    void enumReadsAsItsNumberWhenDeclaredInt() throws Exception {
        RowType columns = ProtoTestSchemas.row("f_enum", DataTypes.INT());
        assertThat(decodeAs(columns, AllTypes.newBuilder().setFEnum(Kind.SELL).build()).getInt(0))
                .isEqualTo(2);
    }

    @Test
    void unknownEnumNumberReadsAsItsDecimalText() throws Exception {
        AllTypes payload = AllTypes.newBuilder().setFEnumValue(77).addREnumValue(78).build();
        RowType columns =
                ProtoTestSchemas.row(
                        "f_enum",
                        DataTypes.STRING(),
                        "r_enum",
                        DataTypes.ARRAY(DataTypes.STRING()));
        RowData row = decodeAs(columns, payload);
        assertThat(row.getString(0)).isEqualTo(StringData.fromString("77"));
        assertThat(row.getArray(1).getString(0)).isEqualTo(StringData.fromString("78"));
    }

    @Test
    void widerColumnTypesAreAccepted() throws Exception {
        AllTypes payload =
                AllTypes.newBuilder().setFInt32(-5).setFFloat(0.5f).setFUint64(7L).build();
        RowType columns =
                ProtoTestSchemas.row(
                        "f_int32", DataTypes.BIGINT(),
                        "f_float", DataTypes.DOUBLE(),
                        "f_uint64", DataTypes.DECIMAL(38, 0));
        RowData row = decodeAs(columns, payload);
        assertThat(row.getLong(0)).isEqualTo(-5L);
        assertThat(row.getDouble(1)).isEqualTo(0.5d);
        assertThat(row.getDecimal(2, 38, 0))
                .isEqualTo(DecimalData.fromBigDecimal(BigDecimal.valueOf(7), 38, 0));
    }

    @Test
    void lastOneofMemberWins() throws Exception {
        byte[] text = AllTypes.newBuilder().setOText("first").build().toByteArray();
        byte[] number = AllTypes.newBuilder().setONumber(9L).build().toByteArray();
        byte[] payload = concat(text, number);
        RowType columns =
                ProtoTestSchemas.row("o_text", DataTypes.STRING(), "o_number", DataTypes.BIGINT());
        RowData row = ProtoTestSchemas.deserializer(ALL_TYPES, columns, false).deserialize(payload);
        assertThat(row.isNullAt(0)).isTrue();
        assertThat(row.getLong(1)).isEqualTo(9L);
    }

    @Test
    void messageGivenTwiceIsMergedAsProtobufDoes() throws Exception {
        byte[] first =
                AllTypes.newBuilder()
                        .setFMessage(Address.newBuilder().setCity("Paris"))
                        .addRInt64(1)
                        .build()
                        .toByteArray();
        byte[] second =
                AllTypes.newBuilder()
                        .setFMessage(Address.newBuilder().setZip(75001))
                        .addRInt64(2)
                        .build()
                        .toByteArray();
        byte[] merged = concat(first, second);
        AllTypes expected = AllTypes.parseFrom(merged);
        assertThat(expected.getFMessage().getCity()).isEqualTo("Paris");
        GenericRowData row = (GenericRowData) decode(ALL_TYPES, merged);
        RowType columns = schema(ALL_TYPES).impliedRowType();
        assertThat(row.getField(columns.getFieldIndex("f_message")))
                .isEqualTo(GenericRowData.of(StringData.fromString("Paris"), 75001));
        assertThat(row.getField(columns.getFieldIndex("r_int64")))
                .isEqualTo(new GenericArrayData(new Object[] {1L, 2L}));
    }

    @Test
    void packedAndUnpackedRepeatedFieldsAreBothRead() throws Exception {
        // r_int64 is packed, r_unpacked is not; a reader must accept either encoding for both.
        byte[] packedInts = AllTypes.newBuilder().addRInt64(3).addRInt64(4).build().toByteArray();
        byte[] unpackedInts =
                AllTypes.newBuilder().addRUnpacked(5).addRUnpacked(6).build().toByteArray();
        // The same values as r_unpacked (33) encoded packed, and as r_int64 (18) unpacked.
        byte[] swapped = {
            (byte) 0x8A,
            0x02,
            0x02,
            0x05,
            0x06, // 33, LENGTH_DELIMITED, [5, 6]
            (byte) 0x90,
            0x01,
            0x03,
            (byte) 0x90,
            0x01,
            0x04 // 18, VARINT 3 and 4
        };
        RowType columns =
                ProtoTestSchemas.row(
                        "r_int64", DataTypes.ARRAY(DataTypes.BIGINT()),
                        "r_unpacked", DataTypes.ARRAY(DataTypes.INT()));
        RwProtobufDeserializationSchema deserializer =
                ProtoTestSchemas.deserializer(ALL_TYPES, columns, false);
        RowData both = deserializer.deserialize(concat(packedInts, unpackedInts));
        RowData swappedRow = deserializer.deserialize(swapped);
        assertThat(both.getArray(0)).isEqualTo(new GenericArrayData(new Object[] {3L, 4L}));
        assertThat(both.getArray(1)).isEqualTo(new GenericArrayData(new Object[] {5, 6}));
        assertThat(swappedRow.getArray(0)).isEqualTo(new GenericArrayData(new Object[] {3L, 4L}));
        assertThat(swappedRow.getArray(1)).isEqualTo(new GenericArrayData(new Object[] {5, 6}));
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSkipped() throws Exception {
        byte[] known = AllTypes.newBuilder().setFInt64(11L).build().toByteArray();
        byte[] unknown = {
            (byte) 0xC8,
            0x3E,
            0x01, // 1001: varint 1
            (byte) 0xD1,
            0x3E,
            1,
            2,
            3,
            4,
            5,
            6,
            7,
            8, // 1002: fixed64
            (byte) 0xDA,
            0x3E,
            0x02,
            0x08,
            0x01, // 1003: length-delimited
            (byte) 0xE3,
            0x3E,
            0x08,
            0x01,
            (byte) 0xE4,
            0x3E, // 1004: group {1: 1}
            (byte) 0xED,
            0x3E,
            1,
            2,
            3,
            4 // 1005: fixed32
        };
        RowType columns = ProtoTestSchemas.row("f_int64", DataTypes.BIGINT());
        RowData row =
                ProtoTestSchemas.deserializer(ALL_TYPES, columns, false)
                        .deserialize(concat(unknown, known));
        assertThat(row.getLong(0)).isEqualTo(11L);
    }

    @Test
    void mapEntryWithoutValueGetsTheDefault() throws Exception {
        // m_int32_message (23) entry {key: 4} without a value.
        byte[] payload = {(byte) 0xBA, 0x01, 0x02, 0x08, 0x04};
        RowType columns =
                ProtoTestSchemas.row(
                        "m_int32_message",
                        DataTypes.MAP(
                                DataTypes.INT(),
                                DataTypes.ROW(
                                        DataTypes.FIELD("city", DataTypes.STRING()),
                                        DataTypes.FIELD("zip", DataTypes.INT()))));
        RowData row = ProtoTestSchemas.deserializer(ALL_TYPES, columns, false).deserialize(payload);
        assertThat(row.getMap(0))
                .isEqualTo(
                        new GenericMapData(
                                Map.of(4, GenericRowData.of(StringData.fromString(""), 0))));
    }

    static RowData decodeAs(RowType columns, AllTypes payload) throws Exception {
        return ProtoTestSchemas.deserializer(ALL_TYPES, columns, false)
                .deserialize(payload.toByteArray());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
