package io.flinkrw.formats.avro;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;

import static io.flinkrw.formats.avro.AvroTestSupport.parse;
import static io.flinkrw.formats.testutils.AvroRecords.container;
import static io.flinkrw.formats.testutils.AvroRecords.raw;
import static io.flinkrw.formats.testutils.AvroRecords.singleObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each Avro message encoding (raw datum, single-object, container file with several codecs),
 * detected from the bytes or forced; decoding by field name; column checks.
 */
public class AvroEncodingTest {

    public static final String ORDER_AVSC =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"customer\",\"type\":\"string\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"amount\",\"type\":\"double\"}]}";
    static final Schema ORDER = parse(ORDER_AVSC);

    static final RowType COLUMNS =
            row(
                    "id",
                    DataTypes.BIGINT(),
                    "customer",
                    DataTypes.STRING(),
                    "amount",
                    DataTypes.DOUBLE());

    static GenericRecord order(long id, String customer, double amount) {
        GenericRecord record = new GenericData.Record(ORDER);
        record.put("id", id);
        record.put("customer", customer);
        record.put("note", "n" + id);
        record.put("amount", amount);
        return record;
    }

    static GenericRowData expected(long id, String customer, double amount) {
        return GenericRowData.of(id, StringData.fromString(customer), amount);
    }

    static RowType row(Object... namesAndTypes) {
        DataTypes.Field[] fields = new DataTypes.Field[namesAndTypes.length / 2];
        for (int i = 0; i < fields.length; i++) {
            fields[i] =
                    DataTypes.FIELD(
                            (String) namesAndTypes[2 * i],
                            (org.apache.flink.table.types.DataType) namesAndTypes[2 * i + 1]);
        }
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    static List<RowData> decode(AvroEncoding encoding, byte[] payload) throws Exception {
        return FormatTestUtils.collect(
                AvroTestSupport.deserializer(ORDER_AVSC, COLUMNS, encoding, false), payload);
    }

    @ParameterizedTest
    @EnumSource(
            value = AvroEncoding.class,
            names = {"AUTO", "RAW"})
    void rawDatum(AvroEncoding encoding) throws Exception {
        assertThat(decode(encoding, raw(ORDER, order(1, "ann", 2.5))))
                .containsExactly(expected(1, "ann", 2.5));
    }

    @ParameterizedTest
    @EnumSource(
            value = AvroEncoding.class,
            names = {"AUTO", "SINGLE_OBJECT"})
    void singleObjectMessage(AvroEncoding encoding) throws Exception {
        byte[] payload = singleObject(ORDER, order(2, "bob", 1.0));
        assertThat(payload[0]).isEqualTo((byte) 0xC3);
        assertThat(decode(encoding, payload)).containsExactly(expected(2, "bob", 1.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = AvroEncoding.class,
            names = {"AUTO", "CONTAINER"})
    void containerFileWithEveryRecordOfIt(AvroEncoding encoding) throws Exception {
        byte[] file =
                container(
                        ORDER,
                        CodecFactory.nullCodec(),
                        order(1, "a", 1),
                        order(2, "b", 2),
                        order(3, "c", 3));
        assertThat(decode(encoding, file))
                .containsExactly(expected(1, "a", 1), expected(2, "b", 2), expected(3, "c", 3));
    }

    @Test
    void compressedContainerFiles() throws Exception {
        for (CodecFactory codec :
                List.of(CodecFactory.deflateCodec(6), CodecFactory.bzip2Codec())) {
            byte[] file = container(ORDER, codec, order(4, "d", 4), order(5, "e", 5));
            assertThat(decode(AvroEncoding.AUTO, file))
                    .as(codec.toString())
                    .containsExactly(expected(4, "d", 4), expected(5, "e", 5));
        }
    }

    @Test
    void containerWithAnEvolvedWriterSchemaIsReadByName() throws Exception {
        Schema writer =
                parse(
                        "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                                + "{\"name\":\"extra\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                                + "{\"name\":\"amount\",\"type\":\"float\"},"
                                + "{\"name\":\"id\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(writer);
        record.put("extra", List.of("x", "y"));
        record.put("amount", 1.5f);
        record.put("id", 9);
        // customer is not in the writer schema: NULL; int and float widen to BIGINT and DOUBLE.
        assertThat(decode(AvroEncoding.AUTO, container(writer, CodecFactory.nullCodec(), record)))
                .containsExactly(GenericRowData.of(9L, null, 1.5d));
    }

    @Test
    void containerWhoseWriterSchemaCannotFillAColumnFails() throws Exception {
        Schema writer =
                parse(
                        "{\"type\":\"record\",\"name\":\"Order\",\"fields\":["
                                + "{\"name\":\"id\",\"type\":\"string\"}]}");
        GenericRecord record = new GenericData.Record(writer);
        record.put("id", "not a number");
        assertThatThrownBy(
                        () ->
                                decode(
                                        AvroEncoding.AUTO,
                                        container(writer, CodecFactory.nullCodec(), record)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rw-avro")
                .hasMessageContaining("`id`")
                .hasMessageContaining("string, which cannot be read as BIGINT");
    }

    @Test
    void singleObjectWithAnotherSchemasFingerprintFails() throws Exception {
        Schema other =
                parse(
                        "{\"type\":\"record\",\"name\":\"Other\",\"fields\":["
                                + "{\"name\":\"id\",\"type\":\"long\"}]}");
        GenericRecord record = new GenericData.Record(other);
        record.put("id", 1L);
        byte[] payload = singleObject(other, record);
        assertThatThrownBy(() -> decode(AvroEncoding.SINGLE_OBJECT, payload))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fingerprint")
                .hasMessageContaining("at byte offset 2");
        assertThatThrownBy(() -> decode(AvroEncoding.AUTO, payload))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("starts like a single-object message");
    }

    @Test
    void forcedEncodingRefusesOtherForms() throws Exception {
        byte[] file = container(ORDER, CodecFactory.nullCodec(), order(1, "a", 1));
        assertThatThrownBy(() -> decode(AvroEncoding.SINGLE_OBJECT, file))
                .hasMessageContaining("not a single-object message");
        assertThatThrownBy(() -> decode(AvroEncoding.CONTAINER, raw(ORDER, order(1, "a", 1))))
                .hasMessageContaining("not an Avro container file");
    }

    @Test
    void bytesLeftAfterTheRecordAreAnError() throws Exception {
        byte[] datum = raw(ORDER, order(1, "a", 1));
        byte[] longer = java.util.Arrays.copyOf(datum, datum.length + 2);
        assertThatThrownBy(() -> decode(AvroEncoding.RAW, longer))
                .hasMessageContaining("2 bytes left after the record")
                .hasMessageContaining("at byte offset " + datum.length);
    }

    @Test
    void singleRowApiRefusesAContainerOfSeveralRecords() throws Exception {
        byte[] file =
                container(ORDER, CodecFactory.nullCodec(), order(1, "a", 1), order(2, "b", 2));
        RwAvroDeserializationSchema schema =
                AvroTestSupport.deserializer(ORDER_AVSC, COLUMNS, AvroEncoding.AUTO, false);
        assertThatThrownBy(() -> schema.deserialize(file)).hasMessageContaining("holds 2 records");
        assertThat(schema.deserialize(container(ORDER, CodecFactory.nullCodec(), order(1, "a", 1))))
                .isEqualTo(expected(1, "a", 1));
    }

    @Test
    void columnsAreMatchedByNameInAnyOrderIgnoringCaseWhenUnambiguous() throws Exception {
        RowType columns = row("AMOUNT", DataTypes.DOUBLE(), "Id", DataTypes.BIGINT());
        RwAvroDeserializationSchema schema =
                AvroTestSupport.deserializer(ORDER_AVSC, columns, AvroEncoding.AUTO, false);
        assertThat(schema.deserialize(raw(ORDER, order(7, "g", 0.25))))
                .isEqualTo(GenericRowData.of(0.25d, 7L));
    }

    @Test
    void messageOptionPicksARecordOfTheSchema() throws Exception {
        String union =
                "[{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"net\",\"fields\":["
                        + "{\"name\":\"seq\",\"type\":\"int\"}]},"
                        + ORDER_AVSC
                        + "]";
        AvroTableSchema picked = AvroTableSchema.parse(union, "shop.Order", "test schema");
        assertThat(picked.record().getFullName()).isEqualTo("shop.Order");
        assertThat(AvroTableSchema.parse(union, "Ping", "test schema").record().getFullName())
                .isEqualTo("net.Ping");
        assertThatThrownBy(() -> AvroTableSchema.parse(union, null, "test schema"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not a record")
                .hasMessageContaining("[net.Ping, shop.Order]");
        assertThatThrownBy(() -> AvroTableSchema.parse(union, "shop.Nope", "test schema"))
                .hasMessageContaining("no record named 'shop.Nope'");
        RwAvroDeserializationSchema schema =
                AvroTestSupport.deserializer(
                        picked,
                        COLUMNS,
                        RwDecodingFormat.allFields(COLUMNS),
                        AvroEncoding.AUTO,
                        false);
        assertThat(schema.deserialize(raw(ORDER, order(3, "c", 3)))).isEqualTo(expected(3, "c", 3));
    }

    @Test
    void mismatchedColumnsNameTheColumnAndPrintTheImpliedList() {
        AvroTableSchema schema = AvroTableSchema.parse(ORDER_AVSC, null, "schema at file:/o.avsc");
        String implied =
                "  `id` BIGINT,\n  `customer` STRING,\n  `note` STRING,\n  `amount` DOUBLE";
        assertThatThrownBy(
                        () ->
                                schema.checkColumns(
                                        "rw-avro",
                                        row("id", DataTypes.BIGINT(), "price", DataTypes.DOUBLE())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "rw-avro: column `price` does not match the schema (record shop.Order in"
                                + " the schema at file:/o.avsc): record shop.Order has no field of"
                                + " that name; its fields are id, customer, note, amount")
                .hasMessageEndingWith(implied);
        assertThatThrownBy(() -> schema.checkColumns("rw-avro", row("customer", DataTypes.INT())))
                .hasMessageContaining(
                        "column `customer` does not match the schema (record shop.Order in the"
                                + " schema at file:/o.avsc): the field is Avro string, which"
                                + " cannot be read as INT; declare it as STRING")
                .hasMessageEndingWith(implied);
    }
}
