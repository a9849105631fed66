package io.flinkrw.formats;

import io.flinkrw.formats.avro.AvroEncodingTest;
import io.flinkrw.formats.schema.SchemaLocationException;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.factories.TestDynamicTableFactory;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three formats as Flink SQL finds them ({@code 'format' = 'rw-...'} on a table): discovery,
 * option validation with the prefixed keys and RisingWave's aliases, schema fetching when the table
 * is planned, column checks, projection.
 */
class RwFormatFactoryTest {

    @TempDir Path temp;

    static final ResolvedSchema ORDER_TABLE =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("customer", DataTypes.STRING()),
                    Column.physical("amount", DataTypes.DOUBLE()));

    private Path avsc() throws Exception {
        Path file = temp.resolve("order.avsc");
        Files.writeString(file, AvroEncodingTest.ORDER_AVSC);
        return file;
    }

    static Map<String, String> table(String format, String... formatOptions) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", TestDynamicTableFactory.IDENTIFIER);
        options.put("target", "t");
        options.put("format", format);
        for (int i = 0; i < formatOptions.length; i += 2) {
            options.put(format + "." + formatOptions[i], formatOptions[i + 1]);
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    static DecodingFormat<DeserializationSchema<RowData>> format(
            ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSource source = FactoryMocks.createTableSource(schema, options);
        return ((TestDynamicTableFactory.DynamicTableSourceMock) source).valueFormat;
    }

    static DeserializationSchema<RowData> decoder(
            ResolvedSchema schema, Map<String, String> options) throws Exception {
        DeserializationSchema<RowData> decoder =
                format(schema, options)
                        .createRuntimeDecoder(
                                ScanRuntimeProviderContext.INSTANCE,
                                schema.toPhysicalRowDataType());
        return FormatTestUtils.open(decoder);
    }

    @Test
    void rwAvroFromAFileLocation() throws Exception {
        DeserializationSchema<RowData> decoder =
                decoder(
                        ORDER_TABLE,
                        table("rw-avro", "schema.location", avsc().toUri().toString()));
        byte[] payload = io.flinkrw.formats.avro.AvroEncodingTestAccess.rawOrder(1, "ann", 2.5);
        assertThat(decoder.deserialize(payload))
                .isEqualTo(GenericRowData.of(1L, StringData.fromString("ann"), 2.5d));
        assertThat(decoder.getProducedType().toString()).contains("BIGINT");
    }

    @Test
    void rwJsonWithItsOptions() throws Exception {
        DeserializationSchema<RowData> decoder =
                decoder(
                        ORDER_TABLE,
                        table(
                                "rw-json",
                                "ignore-parse-errors",
                                "true",
                                "timestamptz.handling.mode",
                                "milli"));
        assertThat(
                        decoder.deserialize(
                                "{\"ID\": \"3\", \"customer\": \"c\"}"
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(GenericRowData.of(3L, StringData.fromString("c"), null));
        assertThat(decoder.deserialize("not json".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void rwProtobufFromADescriptorSet() throws Exception {
        DeserializationSchema<RowData> decoder =
                decoder(
                        ResolvedSchema.of(
                                Column.physical("id", DataTypes.BIGINT()),
                                Column.physical("tags", DataTypes.ARRAY(DataTypes.STRING()))),
                        table(
                                "rw-protobuf",
                                "schema.location",
                                FormatTestUtils.DESCRIPTOR_SET.toUri().toString(),
                                "message",
                                "shop.v1.Order"));
        byte[] payload =
                io.flinkrw.formats.protobuf.testdata.Order.newBuilder()
                        .setId(8)
                        .addTags("x")
                        .build()
                        .toByteArray();
        RowData row = decoder.deserialize(payload);
        assertThat(row.getLong(0)).isEqualTo(8L);
        assertThat(row.getArray(1).getString(0)).isEqualTo(StringData.fromString("x"));
    }

    @Test
    void requiredOptions() {
        assertThatThrownBy(() -> format(ORDER_TABLE, table("rw-avro")))
                .satisfies(anyCauseMatches(ValidationException.class, "option space 'rw-avro.'"))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Missing required options are:\n\nschema.location"));
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table(
                                                "rw-protobuf",
                                                "schema.location",
                                                FormatTestUtils.DESCRIPTOR_SET.toUri().toString())))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Missing required options are:\n\nmessage"));
    }

    @Test
    void unknownKeysAreRejected() throws Exception {
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table(
                                                "rw-avro",
                                                "schema.location",
                                                avsc().toUri().toString(),
                                                "schema.registry",
                                                "http://registry")))
                .satisfies(anyCauseMatches(ValidationException.class, "Unsupported options"))
                .satisfies(anyCauseMatches(ValidationException.class, "rw-avro.schema.registry"));
    }

    @Test
    void invalidValuesNameTheKeyAndTheAllowedValues() throws Exception {
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table(
                                                "rw-avro",
                                                "schema.location",
                                                avsc().toUri().toString(),
                                                "encoding",
                                                "json")))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Invalid value 'json' for option 'rw-avro.encoding'. Allowed"
                                        + " values: auto, raw, single-object, container."));
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table("rw-json", "timestamptz.handling.mode", "x")))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Invalid value 'x' for option 'rw-json.timestamptz.handling.mode'."
                                        + " Allowed values: guess_number_unit, milli, micro,"
                                        + " utc_string, utc_without_suffix."));
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table("rw-avro", "schema.location", "ftp://host/x.avsc")))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "option 'rw-avro.schema.location': the scheme must be file://,"
                                        + " http://, https:// or s3://"));
    }

    @Test
    void risingWaveAliasKeysAreAcceptedAndCheckedInPairs() throws Exception {
        String location = avsc().toUri().toString();
        // RisingWave's ENCODE keys for S3, as aliases under the format's prefix.
        assertThat(
                        format(
                                ORDER_TABLE,
                                table(
                                        "rw-avro",
                                        "schema.location",
                                        location,
                                        "region",
                                        "eu-west-1",
                                        "s3.endpoint",
                                        "http://127.0.0.1:9000",
                                        "access_key",
                                        "AKIA",
                                        "secret_key",
                                        "very-secret",
                                        "with_deprecated_file_header",
                                        "true")))
                .isNotNull();
        assertThatThrownBy(
                        () ->
                                format(
                                        ORDER_TABLE,
                                        table(
                                                "rw-avro",
                                                "schema.location",
                                                location,
                                                "aws.credentials.secret_access_key",
                                                "very-secret")))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'rw-avro.aws.credentials.secret_access_key' requires option"
                                        + " 'rw-avro.aws.credentials.access_key_id'"))
                .satisfies(e -> assertThat(stackText(e)).doesNotContain("very-secret"));
    }

    @Test
    void aMissingSchemaFailsWhenTheTableIsPlanned() {
        String missing = temp.resolve("missing.avsc").toUri().toString();
        assertThatThrownBy(() -> format(ORDER_TABLE, table("rw-avro", "schema.location", missing)))
                .satisfies(
                        anyCauseMatches(
                                SchemaLocationException.class,
                                "rw-avro: schema not found at " + missing + " (no such file)"));
    }

    @Test
    void declaredColumnsAreCheckedWhenTheDecoderIsPlanned() throws Exception {
        ResolvedSchema wrong =
                ResolvedSchema.of(
                        Column.physical("id", DataTypes.BIGINT()),
                        Column.physical("amount", DataTypes.STRING()));
        DecodingFormat<DeserializationSchema<RowData>> format =
                format(wrong, table("rw-avro", "schema.location", avsc().toUri().toString()));
        assertThatThrownBy(
                        () ->
                                format.createRuntimeDecoder(
                                        ScanRuntimeProviderContext.INSTANCE,
                                        wrong.toPhysicalRowDataType()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column `amount` does not match the schema")
                .hasMessageContaining("declare it as DOUBLE")
                .hasMessageContaining("  `note` STRING,");
    }

    @Test
    void formatsAreProjectableIncludingNestedFields() throws Exception {
        ResolvedSchema table =
                ResolvedSchema.of(
                        Column.physical("id", DataTypes.BIGINT()),
                        Column.physical(
                                "address",
                                DataTypes.ROW(
                                        DataTypes.FIELD("city", DataTypes.STRING()),
                                        DataTypes.FIELD("zip", DataTypes.INT()))),
                        Column.physical("tags", DataTypes.ARRAY(DataTypes.STRING())));
        DecodingFormat<DeserializationSchema<RowData>> format =
                format(
                        table,
                        table(
                                "rw-protobuf",
                                "schema.location",
                                FormatTestUtils.DESCRIPTOR_SET.toUri().toString(),
                                "message",
                                "shop.v1.Order"));
        assertThat(format).isInstanceOf(ProjectableDecodingFormat.class);
        ProjectableDecodingFormat<DeserializationSchema<RowData>> projectable =
                (ProjectableDecodingFormat<DeserializationSchema<RowData>>) format;
        assertThat(projectable.supportsNestedProjection()).isTrue();
        DeserializationSchema<RowData> decoder =
                FormatTestUtils.open(
                        projectable.createRuntimeDecoder(
                                ScanRuntimeProviderContext.INSTANCE,
                                table.toPhysicalRowDataType(),
                                new int[][] {{1, 1}, {0}}));
        byte[] payload =
                io.flinkrw.formats.protobuf.testdata.Order.newBuilder()
                        .setId(3)
                        .setAddress(
                                io.flinkrw.formats.protobuf.testdata.common.Address.newBuilder()
                                        .setCity("Kyiv")
                                        .setZip(1001))
                        .addTags("unread")
                        .build()
                        .toByteArray();
        assertThat(decoder.deserialize(payload)).isEqualTo(GenericRowData.of(1001, 3L));
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
