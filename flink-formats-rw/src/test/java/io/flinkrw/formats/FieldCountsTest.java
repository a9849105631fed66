package io.flinkrw.formats;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.CodedOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What projection saves, counted by the decoders themselves: a 20-field record (19 scalars and a
 * nested {@code ROW<city, zip>}) decoded whole, with 2 columns, and with one nested subfield.
 */
class FieldCountsTest {

    private static final int FIELDS = 20;
    private static final int RECORDS = 3;

    @TempDir static Path temp;

    /** Field i (0-based) of the 19 scalars: BIGINT, STRING, DOUBLE, INT in turn. */
    private static DataType scalarType(int i) {
        switch (i % 4) {
            case 0:
                return DataTypes.BIGINT();
            case 1:
                return DataTypes.STRING();
            case 2:
                return DataTypes.DOUBLE();
            default:
                return DataTypes.INT();
        }
    }

    private static Object scalarValue(int record, int i) {
        switch (i % 4) {
            case 0:
                return 1000L * record + i;
            case 1:
                return "s" + record + "_" + i;
            case 2:
                return record + i / 10.0;
            default:
                return record * 100 + i;
        }
    }

    private static final ResolvedSchema TABLE = table();

    private static ResolvedSchema table() {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < FIELDS - 1; i++) {
            columns.add(Column.physical("f" + (i + 1), scalarType(i)));
        }
        columns.add(
                Column.physical(
                        "f20",
                        DataTypes.ROW(
                                DataTypes.FIELD("city", DataTypes.STRING()),
                                DataTypes.FIELD("zip", DataTypes.INT()))));
        return ResolvedSchema.of(columns);
    }

    // ------------------------------------------------------------------ payloads of each format

    private static final Schema AVRO = avroSchema();

    private static Schema avroSchema() {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Wide").fields();
        for (int i = 0; i < FIELDS - 1; i++) {
            String name = "f" + (i + 1);
            switch (i % 4) {
                case 0:
                    fields = fields.requiredLong(name);
                    break;
                case 1:
                    fields = fields.requiredString(name);
                    break;
                case 2:
                    fields = fields.requiredDouble(name);
                    break;
                default:
                    fields = fields.requiredInt(name);
            }
        }
        Schema address =
                SchemaBuilder.record("Address")
                        .fields()
                        .requiredString("city")
                        .requiredInt("zip")
                        .endRecord();
        return fields.name("f20").type(address).noDefault().endRecord();
    }

    private static byte[] avroPayload(int record) throws Exception {
        GenericRecord datum = new GenericData.Record(AVRO);
        for (int i = 0; i < FIELDS - 1; i++) {
            datum.put("f" + (i + 1), scalarValue(record, i));
        }
        GenericRecord address = new GenericData.Record(AVRO.getField("f20").schema());
        address.put("city", "c" + record);
        address.put("zip", 10 + record);
        datum.put("f20", address);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(AVRO).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String protoText() {
        StringBuilder proto = new StringBuilder("syntax = \"proto3\";\npackage wide;\n");
        proto.append("message Address { string city = 1; int32 zip = 2; }\n");
        proto.append("message Wide {\n");
        String[] types = {"int64", "string", "double", "int32"};
        for (int i = 0; i < FIELDS - 1; i++) {
            proto.append(String.format("  %s f%d = %d;%n", types[i % 4], i + 1, i + 1));
        }
        proto.append("  Address f20 = 20;\n}\n");
        return proto.toString();
    }

    private static byte[] protoPayload(int record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int i = 0; i < FIELDS - 1; i++) {
            int number = i + 1;
            Object value = scalarValue(record, i);
            switch (i % 4) {
                case 0:
                    out.writeInt64(number, (Long) value);
                    break;
                case 1:
                    out.writeString(number, (String) value);
                    break;
                case 2:
                    out.writeDouble(number, (Double) value);
                    break;
                default:
                    out.writeInt32(number, (Integer) value);
            }
        }
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        CodedOutputStream address = CodedOutputStream.newInstance(nested);
        address.writeString(1, "c" + record);
        address.writeInt32(2, 10 + record);
        address.flush();
        out.writeByteArray(20, nested.toByteArray());
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] jsonPayload(int record) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < FIELDS - 1; i++) {
            Object value = scalarValue(record, i);
            json.append('"').append("f").append(i + 1).append("\": ");
            json.append(value instanceof String ? "\"" + value + "\"" : value.toString());
            json.append(", ");
        }
        json.append("\"f20\": {\"city\": \"c")
                .append(record)
                .append("\", \"zip\": ")
                .append(10 + record)
                .append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] payload(String format, int record) throws Exception {
        switch (format) {
            case "rw-avro":
                return avroPayload(record);
            case "rw-protobuf":
                return protoPayload(record);
            default:
                return jsonPayload(record);
        }
    }

    @SuppressWarnings("unchecked")
    private static ProjectableDecodingFormat<DeserializationSchema<RowData>> format(String format)
            throws Exception {
        Map<String, String> options;
        switch (format) {
            case "rw-avro":
                Path avsc = temp.resolve("wide.avsc");
                Files.writeString(avsc, AVRO.toString());
                options =
                        RwFormatFactoryTest.table(
                                format, "schema.location", avsc.toUri().toString());
                break;
            case "rw-protobuf":
                Path proto = temp.resolve("wide.proto");
                Files.writeString(proto, protoText());
                options =
                        RwFormatFactoryTest.table(
                                format,
                                "schema.location",
                                proto.toUri().toString(),
                                "message",
                                "wide.Wide");
                break;
            default:
                options = RwFormatFactoryTest.table(format);
        }
        return (ProjectableDecodingFormat<DeserializationSchema<RowData>>)
                RwFormatFactoryTest.format(TABLE, options);
    }

    /** A metric group that keeps the gauges registered in its sub-groups, by "group.name". */
    private static final class GaugeGroup extends UnregisteredMetricsGroup {
        final Map<String, Gauge<?>> gauges = new HashMap<>();

        @Override
        public MetricGroup addGroup(String name) {
            return new UnregisteredMetricsGroup() {
                @Override
                public <T, G extends Gauge<T>> G gauge(String gauge, G value) {
                    gauges.put(name + "." + gauge, value);
                    return value;
                }
            };
        }
    }

    private static RwRowDeserializationSchema decoder(
            String format, int[][] projections, GaugeGroup metrics) throws Exception {
        DeserializationSchema<RowData> decoder =
                format(format)
                        .createRuntimeDecoder(
                                ScanRuntimeProviderContext.INSTANCE,
                                TABLE.toPhysicalRowDataType(),
                                projections);
        decoder.open(FormatTestUtils.context(metrics));
        return (RwRowDeserializationSchema) decoder;
    }

    private static List<RowData> decodeAll(String format, DeserializationSchema<RowData> decoder)
            throws Exception {
        List<RowData> rows = new ArrayList<>();
        for (int record = 0; record < RECORDS; record++) {
            rows.addAll(FormatTestUtils.collect(decoder, payload(format, record)));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-avro", "rw-protobuf", "rw-json"})
    void twoOfTwentyColumnsReadTwoFieldsAndSkipEighteen(String format) throws Exception {
        GaugeGroup metrics = new GaugeGroup();
        RwRowDeserializationSchema decoder = decoder(format, new int[][] {{7}, {2}}, metrics);
        List<RowData> rows = decodeAll(format, decoder);

        assertThat(rows).hasSize(RECORDS);
        for (int record = 0; record < RECORDS; record++) {
            assertThat(rows.get(record).getArity()).isEqualTo(2);
            assertThat(rows.get(record).getInt(0)).isEqualTo(scalarValue(record, 7));
            assertThat(rows.get(record).getDouble(1)).isEqualTo(scalarValue(record, 2));
        }
        assertThat(decoder.fieldCounts().read()).isEqualTo(2L * RECORDS);
        assertThat(decoder.fieldCounts().skipped()).isEqualTo(18L * RECORDS);
        assertThat(metrics.gauges.get(format + ".numFieldsRead").getValue())
                .isEqualTo(2L * RECORDS);
        assertThat(metrics.gauges.get(format + ".numFieldsSkipped").getValue())
                .isEqualTo(18L * RECORDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-avro", "rw-protobuf", "rw-json"})
    void everyColumnReadsEveryFieldNestedOnesIncluded(String format) throws Exception {
        int[][] all = new int[FIELDS][];
        for (int i = 0; i < FIELDS; i++) {
            all[i] = new int[] {i};
        }
        RwRowDeserializationSchema decoder = decoder(format, all, new GaugeGroup());
        List<RowData> rows = decodeAll(format, decoder);

        assertThat(rows.get(1).getString(1)).isEqualTo(StringData.fromString("s1_1"));
        assertThat(rows.get(1).getRow(19, 2).getInt(1)).isEqualTo(11);
        // 20 top-level fields, and the 2 of the nested row read whole.
        assertThat(decoder.fieldCounts().read()).isEqualTo(22L * RECORDS);
        assertThat(decoder.fieldCounts().skipped()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-avro", "rw-protobuf", "rw-json"})
    void aNestedSubfieldSkipsItsSiblings(String format) throws Exception {
        RwRowDeserializationSchema decoder =
                decoder(format, new int[][] {{19, 1}, {0}}, new GaugeGroup());
        List<RowData> rows = decodeAll(format, decoder);

        assertThat(rows.get(2).getInt(0)).isEqualTo(12);
        assertThat(rows.get(2).getLong(1)).isEqualTo(2000L);
        // f1 and f20.zip read; f2..f19 and f20.city skipped; f20 itself counts through zip.
        assertThat(decoder.fieldCounts().read()).isEqualTo(2L * RECORDS);
        assertThat(decoder.fieldCounts().skipped()).isEqualTo(19L * RECORDS);
    }
}
