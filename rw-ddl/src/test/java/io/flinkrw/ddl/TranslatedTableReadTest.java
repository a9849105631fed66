package io.flinkrw.ddl;

import io.flinkrw.formats.protobuf.ProtoTableSchema;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translated tables read real records: Avro and Protobuf statements without columns get the columns
 * their schema (served over HTTP) implies, and a query on Flink's MiniCluster decodes records with
 * them through the real formats; {@link StandInTableFactory} stands in for our connectors and fills
 * the INCLUDE columns with fixed values.
 */
class TranslatedTableReadTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static SchemaHttpServer schemas;

    @BeforeAll
    static void startSchemaServer() {
        schemas = new SchemaHttpServer(TestInputs.SCHEMAS);
        // RisingWave's form of a Protobuf schema: a compiled FileDescriptorSet.
        schemas.put("demo.pb", protoSchema("demo.proto").descriptorSet());
    }

    @AfterAll
    static void stopSchemaServer() {
        schemas.close();
    }

    @Test
    void avroStatementWithoutColumnsReadsRecords() throws Exception {
        String sql =
                "CREATE SOURCE orders\n"
                        + "INCLUDE key AS k\n"
                        + "INCLUDE offset\n"
                        + "WITH (connector = 'kinesis', stream = 'orders', aws.region ="
                        + " 'us-east-1')\n"
                        + "FORMAT PLAIN ENCODE AVRO (schema.location = '"
                        + schemas.directoryUrl()
                        + "/demo.avsc');";
        Schema schema = new Schema.Parser().parse(TestInputs.SCHEMAS.resolve("demo.avsc").toFile());
        StandInTableFactory.register(
                "avro",
                List.of(
                        avro(
                                schema,
                                1L,
                                "widget",
                                "9.99",
                                List.of("a", "b"),
                                1_700_000_000_123L,
                                "Oslo",
                                Map.of("x", 1)),
                        avro(schema, 2L, "gadget", "0.50", List.of(), 0L, null, Map.of())));

        List<Row> rows = read(sql, "avro");

        assertThat(rows)
                .containsExactly(
                        Row.of(
                                1L,
                                "widget",
                                new BigDecimal("9.99"),
                                new String[] {"a", "b"},
                                Instant.ofEpochMilli(1_700_000_000_123L),
                                Row.of("Oslo", null),
                                Map.of("x", 1),
                                "key-0".getBytes(StandardCharsets.UTF_8),
                                "0"),
                        Row.of(
                                2L,
                                "gadget",
                                new BigDecimal("0.50"),
                                new String[] {},
                                Instant.ofEpochMilli(0),
                                null,
                                Map.of(),
                                "key-1".getBytes(StandardCharsets.UTF_8),
                                "1"));
    }

    @Test
    void protobufStatementsWithoutColumnsReadRecordsFromProtoTextAndDescriptorSets()
            throws Exception {
        Descriptor message = protoSchema("demo.proto").descriptor();
        StandInTableFactory.register(
                "protobuf",
                List.of(protobuf(message, 1L, "widget", -1L), protobuf(message, 2L, "", 7L)));
        List<Row> expected =
                List.of(
                        Row.of(
                                1L,
                                "widget",
                                9.5,
                                new String[] {"a", "b"},
                                Row.of(1_700_000_000L, 5),
                                Row.of("Oslo", null),
                                Map.of("x", 1),
                                "ACTIVE",
                                new BigDecimal("18446744073709551615"),
                                "subject-0"),
                        Row.of(
                                2L,
                                "",
                                9.5,
                                new String[] {"a", "b"},
                                Row.of(1_700_000_000L, 5),
                                Row.of("Oslo", null),
                                Map.of("x", 1),
                                "ACTIVE",
                                new BigDecimal("7"),
                                "subject-1"));

        for (String schema : List.of("demo.proto", "demo.pb")) {
            // The legacy syntax and the seed's simple message name.
            String sql =
                    "CREATE TABLE demo\n"
                            + "INCLUDE subject AS subj\n"
                            + "WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222',"
                            + " subject = 'demo', connect_mode = 'plain')\n"
                            + "ROW FORMAT PROTOBUF MESSAGE 'main_message'\n"
                            + "ROW SCHEMA LOCATION '"
                            + schemas.directoryUrl()
                            + "/"
                            + schema
                            + "';";
            assertThat(read(sql, "protobuf")).as(schema).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theSeedJsonExampleReadsRecords() throws Exception {
        String sql =
                TestInputs.fill(
                        TestInputs.read(TestInputs.SEEDS.resolve("kinesis-json.rw.sql")),
                        Map.of(
                                "KINESIS_STREAM", "s",
                                "AWS_REGION", "us-east-1",
                                "KINESIS_ENDPOINT", "http://127.0.0.1:1",
                                "AWS_ACCESS_KEY_ID", "a",
                                "AWS_SECRET_ACCESS_KEY", "b"));
        StandInTableFactory.register(
                "json",
                List.of(
                        bytes("{\"column1\": \"one\", \"column2\": 1}"),
                        bytes("{\"COLUMN1\": \"case-insensitive\", \"column2\": \"2\"}"),
                        bytes("{\"column2\": 3, \"extra\": true}")));
        List<StatementTranslation> translations = RwDdlTranslator.create().translate(sql);
        assertThat(translations).hasSize(4);

        for (StatementTranslation translation : translations) {
            assertThat(read(translation.table(), "json"))
                    .as(translation.title())
                    .containsExactly(
                            Row.of("one", 1), Row.of("case-insensitive", 2), Row.of(null, 3));
        }
    }

    @Test
    void natsMetadataColumnsRead() throws Exception {
        String sql =
                "CREATE SOURCE events (id bigint)\n"
                        + "INCLUDE subject INCLUDE partition INCLUDE offset INCLUDE timestamp"
                        + " INCLUDE headers INCLUDE payload\n"
                        + "WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222',"
                        + " subject = 'e', connect_mode = 'plain')\n"
                        + "FORMAT PLAIN ENCODE JSON;";
        byte[] payload = bytes("{\"id\": 7}");
        StandInTableFactory.register("nats", List.of(payload));

        assertThat(read(sql, "nats"))
                .containsExactly(
                        Row.of(
                                7L,
                                "subject-0",
                                "partition-0",
                                0L,
                                Instant.ofEpochMilli(0),
                                Map.of("h", new String[] {"v0"}),
                                payload));
    }

    // -------------------------------------------------------------------------------- helpers

    /** Translates the one statement of {@code sql} and reads {@code payloads} through it. */
    private static List<Row> read(String sql, String payloads) throws Exception {
        List<StatementTranslation> translations = RwDdlTranslator.create().translate(sql);
        assertThat(translations).hasSize(1);
        assertThat(translations.get(0).findings()).noneMatch(f -> f.severity().isProblem());
        return read(translations.get(0).table(), payloads);
    }

    private static List<Row> read(FlinkTable table, String payloads) throws Exception {
        StreamTableEnvironment env =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        FlinkTable standIn = StandInTableFactory.standIn(table, payloads);
        String ddl = FlinkDdlPrinter.createTable(standIn).stripTrailing();
        env.executeSql(ddl.substring(0, ddl.length() - 1));
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result =
                env.executeSql("SELECT * FROM " + FlinkIdentifiers.quote(table.name())).collect()) {
            result.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static ProtoTableSchema protoSchema(String file) {
        return ProtoTableSchema.load(
                SchemaFetchConfig.from(
                        "rw-protobuf",
                        Configuration.fromMap(
                                Map.of("schema.location", TestInputs.schemasUri() + "/" + file))),
                "risingwave.demo.main_message");
    }

    private static byte[] avro(
            Schema schema,
            long id,
            String name,
            String price,
            List<String> tags,
            long createdAt,
            String city,
            Map<String, Integer> attributes)
            throws IOException {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("name", name);
        Schema priceSchema = schema.getField("price").schema();
        LogicalType decimal = priceSchema.getLogicalType();
        record.put(
                "price",
                new Conversions.DecimalConversion()
                        .toBytes(new BigDecimal(price), priceSchema, decimal));
        record.put("tags", tags);
        record.put("created_at", createdAt);
        if (city != null) {
            Schema addressSchema = schema.getField("address").schema().getTypes().get(1);
            GenericRecord address = new GenericData.Record(addressSchema);
            address.put("city", city);
            address.put("zip", null);
            record.put("address", address);
        }
        record.put("attributes", attributes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] protobuf(Descriptor message, long id, String name, long big) {
        FieldDescriptor createdAt = message.findFieldByName("created_at");
        FieldDescriptor address = message.findFieldByName("address");
        FieldDescriptor attributes = message.findFieldByName("attributes");
        Descriptor entry = attributes.getMessageType();
        return DynamicMessage.newBuilder(message)
                .setField(message.findFieldByName("id"), id)
                .setField(message.findFieldByName("name"), name)
                .setField(message.findFieldByName("price"), 9.5)
                .addRepeatedField(message.findFieldByName("tags"), "a")
                .addRepeatedField(message.findFieldByName("tags"), "b")
                .setField(
                        createdAt,
                        DynamicMessage.newBuilder(createdAt.getMessageType())
                                .setField(
                                        createdAt.getMessageType().findFieldByName("seconds"),
                                        1_700_000_000L)
                                .setField(createdAt.getMessageType().findFieldByName("nanos"), 5)
                                .build())
                .setField(
                        address,
                        DynamicMessage.newBuilder(address.getMessageType())
                                .setField(address.getMessageType().findFieldByName("city"), "Oslo")
                                .build())
                .addRepeatedField(
                        attributes,
                        DynamicMessage.newBuilder(entry)
                                .setField(entry.findFieldByName("key"), "x")
                                .setField(entry.findFieldByName("value"), 1)
                                .build())
                .setField(
                        message.findFieldByName("status"),
                        message.findEnumTypeByName("Status").findValueByName("ACTIVE"))
                .setField(message.findFieldByName("big"), big)
                .build()
                .toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
