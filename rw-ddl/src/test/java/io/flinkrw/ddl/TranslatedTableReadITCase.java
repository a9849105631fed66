package io.flinkrw.ddl;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.formats.protobuf.ProtoTableSchema;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.testutils.AvroRecords;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.nats.client.impl.Headers;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translated tables read real records through our connectors: Avro and Protobuf statements without
 * columns get the columns their schema (served over HTTP) implies, and a query on Flink's
 * MiniCluster reads records from kinesis-local and nats-server with them (bounded, so that it
 * ends), INCLUDE columns filled by the connectors.
 */
class TranslatedTableReadITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();
    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    @RegisterExtension
    static final SchemaHttpServer SCHEMAS = SchemaHttpServer.serving(TestInputs.SCHEMAS);

    private static KinesisTestStreams kinesis;
    private static NatsTestStreams nats;

    @BeforeAll
    static void connect() throws Exception {
        // RisingWave's form of a Protobuf schema: a compiled FileDescriptorSet.
        SCHEMAS.put("demo.pb", protoSchema("demo.proto").descriptorSet());
        kinesis = new KinesisTestStreams(KINESIS);
        nats = NatsTestStreams.connect(NATS);
        nats.createStream("READ", "read.>");
    }

    @AfterAll
    static void disconnect() throws Exception {
        kinesis.close();
        nats.close();
    }

    @Test
    void avroStatementWithoutColumnsReadsRecordsFromKinesis() throws Exception {
        kinesis.create("orders", 1);
        Schema schema = new Schema.Parser().parse(TestInputs.SCHEMAS.resolve("demo.avsc").toFile());
        List<byte[]> payloads =
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
                        avro(schema, 2L, "gadget", "0.50", List.of(), 0L, null, Map.of()));
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("key-" + i)
                            .data(SdkBytes.fromByteArray(payloads.get(i)))
                            .build());
        }
        Instant before = Instant.now().minusSeconds(1);
        List<PutRecordsResultEntry> put = kinesis.putAll("orders", entries);
        Instant after = Instant.now().plusSeconds(1);
        String sql =
                "CREATE SOURCE orders\n"
                        + "INCLUDE key AS k\n"
                        + "INCLUDE partition\n"
                        + "INCLUDE offset\n"
                        + "INCLUDE timestamp AS arrived\n"
                        + "INCLUDE payload\n"
                        + "WITH (connector = 'kinesis', stream = 'orders', aws.region = '"
                        + KINESIS.region()
                        + "', endpoint = '"
                        + KINESIS.endpoint()
                        + "', aws.credentials.access_key_id = '"
                        + KINESIS.accessKeyId()
                        + "', aws.credentials.secret_access_key = '"
                        + KINESIS.secretAccessKey()
                        + "')\n"
                        + "FORMAT PLAIN ENCODE AVRO (schema.location = '"
                        + SCHEMAS.url("demo.avsc")
                        + "');";

        List<Row> rows = TranslatedTables.readBounded(translateOne(sql));

        assertThat(rows).hasSize(payloads.size());
        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Instant arrived = (Instant) rows.get(i).getField("arrived");
            assertThat(arrived).isBetween(before, after);
            expected.add(
                    Row.join(
                            i == 0
                                    ? Row.of(
                                            1L,
                                            "widget",
                                            new BigDecimal("9.99"),
                                            new String[] {"a", "b"},
                                            Instant.ofEpochMilli(1_700_000_000_123L),
                                            Row.of("Oslo", null),
                                            Map.of("x", 1))
                                    : Row.of(
                                            2L,
                                            "gadget",
                                            new BigDecimal("0.50"),
                                            new String[0],
                                            Instant.ofEpochMilli(0),
                                            null,
                                            Map.of()),
                            Row.of(
                                    ("key-" + i).getBytes(StandardCharsets.UTF_8),
                                    put.get(i).shardId(),
                                    put.get(i).sequenceNumber(),
                                    arrived,
                                    payloads.get(i))));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void protobufStatementsWithoutColumnsReadRecordsFromProtoTextAndDescriptorSets()
            throws Exception {
        Descriptor message = protoSchema("demo.proto").descriptor();
        long first = nats.publish("read.demo", new Headers(), protobuf(message, 1L, "widget", -1L));
        long second = nats.publish("read.demo", new Headers(), protobuf(message, 2L, "", 7L));
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
                                "read.demo",
                                first),
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
                                "read.demo",
                                second));

        for (String schema : List.of("demo.proto", "demo.pb")) {
            // The legacy syntax and the seed's simple message name.
            String sql =
                    "CREATE TABLE demo\n"
                            + "INCLUDE subject AS subj\n"
                            + "INCLUDE offset AS seq\n"
                            + "WITH (connector = 'nats', server_url = '"
                            + NATS.url()
                            + "', subject = 'read.demo', connect_mode = 'plain')\n"
                            + "ROW FORMAT PROTOBUF MESSAGE 'main_message'\n"
                            + "ROW SCHEMA LOCATION '"
                            + SCHEMAS.url(schema)
                            + "';";
            assertThat(TranslatedTables.readBounded(translateOne(sql)))
                    .as(schema)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyNatsIncludeColumnReads() throws Exception {
        byte[] payload = "{\"id\": 7}".getBytes(StandardCharsets.UTF_8);
        Instant before = Instant.now().minusSeconds(1);
        long sequence = nats.publish("read.events.eu", new Headers().add("h", "v1", "v2"), payload);
        Instant after = Instant.now().plusSeconds(1);
        String sql =
                "CREATE SOURCE events (id bigint)\n"
                        + "INCLUDE subject INCLUDE partition INCLUDE offset INCLUDE timestamp"
                        + " INCLUDE headers INCLUDE payload\n"
                        + "WITH (connector = 'nats', server_url = '"
                        + NATS.url()
                        + "', subject = 'read.events.*', connect_mode = 'plain')\n"
                        + "FORMAT PLAIN ENCODE JSON;";

        List<Row> rows = TranslatedTables.readBounded(translateOne(sql));

        assertThat(rows).hasSize(1);
        Instant stored = (Instant) rows.get(0).getField("_rw_nats_timestamp");
        assertThat(stored).isBetween(before, after);
        assertThat(rows)
                .containsExactly(
                        Row.of(
                                7L,
                                "read.events.eu",
                                "read.events.*",
                                sequence,
                                stored,
                                Map.of("h", new String[] {"v1", "v2"}),
                                payload));
    }

    // -------------------------------------------------------------------------------- helpers

    /** The table of the one statement of {@code sql}, translated without a problem. */
    private static FlinkTable translateOne(String sql) {
        List<StatementTranslation> translations = RwDdlTranslator.create().translate(sql);
        assertThat(translations).hasSize(1);
        assertThat(translations.get(0).findings()).noneMatch(f -> f.severity().isProblem());
        return translations.get(0).table();
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
            Map<String, Integer> attributes) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("name", name);
        record.put("price", new BigDecimal(price));
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
        return AvroRecords.raw(schema, record);
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
}
