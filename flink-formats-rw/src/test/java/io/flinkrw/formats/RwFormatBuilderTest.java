package io.flinkrw.formats;

import io.flinkrw.formats.avro.AvroEncoding;
import io.flinkrw.formats.avro.AvroEncodingTest;
import io.flinkrw.formats.avro.AvroEncodingTestAccess;
import io.flinkrw.formats.avro.RwAvroDeserializationSchema;
import io.flinkrw.formats.json.RwJsonDeserializationSchema;
import io.flinkrw.formats.protobuf.RwProtobufDeserializationSchema;
import io.flinkrw.formats.protobuf.testdata.Order;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DataStream builders: options one by one or as RisingWave's map, unknown keys refused, the
 * columns a schema implies by default, and deserializers that survive Java serialization (they
 * travel to the task managers with the schema inside, and never fetch it there).
 */
class RwFormatBuilderTest {

    @TempDir Path temp;

    @Test
    void avroBuilderTakesRisingWavesOptionMapAndImpliesTheColumns() throws Exception {
        Path avsc = temp.resolve("order.avsc");
        Files.writeString(avsc, AvroEncodingTest.ORDER_AVSC);
        RwAvroDeserializationSchema schema =
                RwAvroDeserializationSchema.builder()
                        .setProperties(
                                Map.of(
                                        "schema.location",
                                        avsc.toUri().toString(),
                                        "rw-avro.ignore-parse-errors",
                                        "true"))
                        .setEncoding(AvroEncoding.RAW)
                        .build();
        assertThat(schema.producedRowType().getFieldNames())
                .containsExactly("id", "customer", "note", "amount");
        assertThat(schema.getProducedType())
                .isEqualTo(InternalTypeInfo.of(schema.producedRowType()));
        assertThat(schema.ignoresParseErrors()).isTrue();
        DeserializationSchema<RowData> shipped = roundTrip(schema);
        // The schema file is gone: the task managers never read it.
        Files.delete(avsc);
        FormatTestUtils.open(shipped);
        assertThat(shipped.deserialize(AvroEncodingTestAccess.rawOrder(4, "d", 1.5)))
                .isEqualTo(
                        GenericRowData.of(
                                4L, StringData.fromString("d"), StringData.fromString("n4"), 1.5d));
    }

    @Test
    void protobufBuilderChecksTheColumnsItIsGiven() throws Exception {
        RwProtobufDeserializationSchema schema =
                RwProtobufDeserializationSchema.builder()
                        .setSchemaLocation(FormatTestUtils.DESCRIPTOR_SET.toUri().toString())
                        .setMessage("shop.v1.Order")
                        .setColumns(
                                DataTypes.ROW(
                                        DataTypes.FIELD("customer", DataTypes.STRING()),
                                        DataTypes.FIELD("created", DataTypes.TIMESTAMP_LTZ(3))))
                        .build();
        DeserializationSchema<RowData> shipped = FormatTestUtils.open(roundTrip(schema));
        RowData row =
                shipped.deserialize(Order.newBuilder().setCustomer("eve").build().toByteArray());
        assertThat(row.getString(0)).isEqualTo(StringData.fromString("eve"));
        assertThat(row.isNullAt(1)).isTrue();
        assertThatThrownBy(
                        () ->
                                RwProtobufDeserializationSchema.builder()
                                        .setSchemaLocation(
                                                FormatTestUtils.DESCRIPTOR_SET.toUri().toString())
                                        .setMessage("shop.v1.Order")
                                        .setRowType(
                                                (RowType)
                                                        DataTypes.ROW(
                                                                        DataTypes.FIELD(
                                                                                "amount",
                                                                                DataTypes.INT()))
                                                                .getLogicalType())
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column `amount` does not match the schema")
                .hasMessageContaining("declare it as DOUBLE");
    }

    @Test
    void unknownKeysAreRefusedWithTheSupportedOnes() {
        assertThatThrownBy(
                        () ->
                                RwProtobufDeserializationSchema.builder()
                                        .setProperty("schema.location", "file:///x.pb")
                                        .setProperty("message", "M")
                                        .setProperty("messages_as_jsonb", "a.B")
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "Unsupported options for format 'rw-protobuf': messages_as_jsonb")
                .hasMessageContaining("aws.credentials.access_key_id");
        assertThatThrownBy(() -> RwProtobufDeserializationSchema.builder().setMessage("M").build())
                .hasMessageContaining("Option 'rw-protobuf.schema.location' is required");
    }

    @Test
    void jsonDeserializerSurvivesSerialization() throws Exception {
        RwJsonDeserializationSchema schema =
                RwJsonDeserializationSchema.builder()
                        .setColumns(DataTypes.ROW(DataTypes.FIELD("n", DataTypes.INT())))
                        .build();
        DeserializationSchema<RowData> shipped = FormatTestUtils.open(roundTrip(schema));
        assertThat(shipped.deserialize("{\"N\": \"5\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(GenericRowData.of(5));
    }

    private static DeserializationSchema<RowData> roundTrip(DeserializationSchema<RowData> schema)
            throws Exception {
        return InstantiationUtil.clone(schema, RwFormatBuilderTest.class.getClassLoader());
    }
}
