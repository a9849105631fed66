package io.flinkrw.formats.json;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RisingWave's JSON rules for fields: matching, missing and extra keys, whole payloads. */
class JsonRulesTest {

    static final DataType USER =
            DataTypes.ROW(
                    DataTypes.FIELD("userid", DataTypes.BIGINT()),
                    DataTypes.FIELD("name", DataTypes.STRING()),
                    DataTypes.FIELD(
                            "address",
                            DataTypes.ROW(
                                    DataTypes.FIELD("city", DataTypes.STRING()),
                                    DataTypes.FIELD("zip", DataTypes.INT()))));

    static RowData decode(DataType columns, String json) throws Exception {
        return FormatTestUtils.open(
                        RwJsonDeserializationSchema.builder().setColumns(columns).build())
                .deserialize(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void exactKeyFirstThenTheFirstKeyEqualIgnoringCase() throws Exception {
        assertThat(decode(USER, "{\"USERID\": 1, \"userid\": 2}").getLong(0)).isEqualTo(2L);
        assertThat(decode(USER, "{\"userid\": 2, \"USERID\": 1}").getLong(0)).isEqualTo(2L);
        assertThat(decode(USER, "{\"UserId\": 1, \"USERID\": 3}").getLong(0)).isEqualTo(1L);
        assertThat(decode(USER, "{\"userId\": 7}").getLong(0)).isEqualTo(7L);
    }

    @Test
    void missingKeysAreNullAndExtraKeysAreIgnored() throws Exception {
        RowData row =
                decode(
                        USER,
                        "{\"extra\": {\"deep\": [1, {\"x\": [true]}]}, \"Name\": \"ann\","
                                + " \"address\": {\"CITY\": \"Oslo\", \"more\": []}, \"z\": null}");
        assertThat(row)
                .isEqualTo(
                        GenericRowData.of(
                                null,
                                StringData.fromString("ann"),
                                GenericRowData.of(StringData.fromString("Oslo"), null)));
    }

    @Test
    void anEmptyPayloadIsARowOfNulls() throws Exception {
        assertThat(decode(USER, "")).isEqualTo(GenericRowData.of(null, null, null));
        assertThat(decode(USER, " \n ")).isEqualTo(GenericRowData.of(null, null, null));
        assertThat(decode(USER, "{}")).isEqualTo(GenericRowData.of(null, null, null));
    }

    @Test
    void aPayloadThatIsNoObjectIsAnError() {
        assertThatThrownBy(() -> decode(USER, "[{\"userid\": 1}]"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected a JSON object, found a JSON array")
                .hasMessageContaining("at byte offset 0");
        assertThatThrownBy(() -> decode(USER, "42"))
                .hasMessageContaining("found the JSON number 42");
        assertThatThrownBy(() -> decode(USER, "{\"userid\": 1} {\"userid\": 2}"))
                .hasMessageContaining("content after the JSON object")
                .hasMessageContaining("at byte offset 14");
    }

    @Test
    void invalidJsonSaysWhere() {
        assertThatThrownBy(() -> decode(USER, "{\"userid\": 1, \"name\": \"unterminated}"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("rw-json: cannot decode the payload (36 bytes, starting")
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> decode(USER, "{\"userid\": 1,,}"))
                .hasMessageContaining("at byte offset 13");
    }

    @Test
    void projectionReadsOnlyTheSelectedFieldsNestedOnesIncluded() throws Exception {
        RowType declared = (RowType) USER.getLogicalType();
        int[][] projections = {{2, 1}, {0}};
        RwJsonDeserializationSchema schema =
                FormatTestUtils.open(
                        new RwJsonDeserializationSchema(
                                declared,
                                projections,
                                JsonTimestamptzMode.GUESS_NUMBER_UNIT,
                                false,
                                InternalTypeInfo.of(
                                        (RowType)
                                                org.apache.flink.table.connector.Projection.of(
                                                                projections)
                                                        .project(declared))));
        assertThat(schema.producedRowType().getFieldNames())
                .containsExactly("address_zip", "userid");
        // A malformed value of an unselected column is not even looked at.
        RowData row =
                schema.deserialize(
                        "{\"name\": {\"not\": \"a string\"}, \"address\": {\"zip\": \"0150\"}, \"userid\": 5}"
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(row).isEqualTo(GenericRowData.of(150, 5L));
        RowData fromString =
                schema.deserialize(
                        "{\"address\": \"{\\\"zip\\\": 7}\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(fromString).isEqualTo(GenericRowData.of(7, null));
        RowData absent = schema.deserialize("{\"address\": null}".getBytes(StandardCharsets.UTF_8));
        assertThat(absent).isEqualTo(GenericRowData.of(null, null));
    }

    @Test
    void typesJsonCannotFillAreRefusedWhenPlanned() {
        assertThatThrownBy(
                        () ->
                                RwJsonDeserializationSchema.builder()
                                        .setColumns(
                                                DataTypes.ROW(
                                                        DataTypes.FIELD(
                                                                "m",
                                                                DataTypes.MULTISET(
                                                                        DataTypes.INT()))))
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column `m` has type MULTISET<INT>");
        assertThatThrownBy(() -> RwJsonDeserializationSchema.builder().build())
                .hasMessageContaining("needs the columns");
        assertThat(RwDecodingFormat.allFields((RowType) USER.getLogicalType())).hasDimensions(3, 1);
    }
}
