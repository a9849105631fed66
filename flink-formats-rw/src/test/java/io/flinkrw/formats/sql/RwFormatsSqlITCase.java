package io.flinkrw.formats.sql;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.avro.AvroEncodingTest;
import io.flinkrw.formats.avro.AvroEncodingTestAccess;
import io.flinkrw.formats.protobuf.testdata.Order;
import io.flinkrw.formats.protobuf.testdata.common.Address;
import io.flinkrw.formats.protobuf.testdata.common.Kind;
import io.flinkrw.formats.testutils.S3Uploads;
import io.flinkrw.testutils.S3Server;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The formats under Flink's planner on a MiniCluster, behind a test-only source of in-memory
 * payloads: {@code CREATE TABLE ... WITH ('format' = 'rw-...')} with schemas served over {@code
 * http://}, {@code file://} and {@code s3://} (s3rver), projection push-down (nested fields
 * included), the column check at planning time, and {@code ignore-parse-errors}.
 */
class RwFormatsSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final S3Server S3 = S3Server.withBuckets("schemas");

    @TempDir static Path schemas;
    private static SchemaHttpServer http;

    private static final List<String> ORDER_ROWS =
            List.of(
                    "+I[1, ann, 2023-11-14T22:13:20Z, +I[Berlin, 10115], BUY, [a, b]]",
                    "+I[2, bob, null, null, KIND_UNSPECIFIED, []]");

    @BeforeAll
    static void serveSchemas() throws Exception {
        Files.createDirectories(schemas.resolve("shop"));
        Files.copy(
                FormatTestUtils.PROTO_DIR.resolve("shop/order.proto"),
                schemas.resolve("shop/order.proto"));
        Files.copy(
                FormatTestUtils.PROTO_DIR.resolve("shop/common.proto"),
                schemas.resolve("shop/common.proto"));
        Files.copy(FormatTestUtils.DESCRIPTOR_SET, schemas.resolve("shop.pb"));
        Files.writeString(schemas.resolve("order.avsc"), AvroEncodingTest.ORDER_AVSC);
        http = SchemaHttpServer.serving(schemas);
        http.startUp();
        S3Uploads.put(
                S3,
                "schemas",
                Map.of(
                        "shop.pb",
                        Files.readAllBytes(FormatTestUtils.DESCRIPTOR_SET),
                        "order.avsc",
                        AvroEncodingTest.ORDER_AVSC.getBytes(StandardCharsets.UTF_8)));

        BytesTableFactory.PAYLOADS.put(
                "orders-pb",
                List.of(
                        Order.newBuilder()
                                .setId(1)
                                .setCustomer("ann")
                                .setCreated(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                                .setAddress(Address.newBuilder().setCity("Berlin").setZip(10115))
                                .setKind(Kind.BUY)
                                .addTags("a")
                                .addTags("b")
                                .build()
                                .toByteArray(),
                        Order.newBuilder().setId(2).setCustomer("bob").build().toByteArray()));
        BytesTableFactory.PAYLOADS.put(
                "orders-avro",
                List.of(
                        AvroEncodingTestAccess.rawOrder(1, "ann", 2.5),
                        AvroEncodingTestAccess.rawOrder(2, "bob", 0.5)));
        BytesTableFactory.PAYLOADS.put(
                "events-json",
                List.of(
                        "{\"ID\": \"7\", \"ts\": \"2024-04-11T02:00:00Z\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        "not json".getBytes(StandardCharsets.UTF_8),
                        "{\"id\": 8, \"ts\": 1712800800123, \"extra\": true}"
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stopServer() {
        http.close();
    }

    private static TableEnvironment tableEnv() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("table.local-time-zone", "UTC");
        return env;
    }

    private static String withOptions(String format, Map<String, String> formatOptions) {
        return formatOptions.entrySet().stream()
                .map(e -> String.format("'%s.%s' = '%s'", format, e.getKey(), e.getValue()))
                .collect(Collectors.joining(",\n  "));
    }

    private static void createOrdersPb(
            TableEnvironment env, String name, Map<String, String> options) {
        env.executeSql(
                "CREATE TABLE "
                        + name
                        + " (\n"
                        + "  id BIGINT,\n"
                        + "  customer STRING,\n"
                        + "  created TIMESTAMP_LTZ(3),\n"
                        + "  address ROW<city STRING, zip INT>,\n"
                        + "  kind STRING,\n"
                        + "  tags ARRAY<STRING>\n"
                        + ") WITH (\n"
                        + "  'connector' = 'rw-test-bytes',\n"
                        + "  'payloads' = 'orders-pb',\n"
                        + "  'format' = 'rw-protobuf',\n  "
                        + withOptions("rw-protobuf", options)
                        + ")");
    }

    private static List<String> query(TableEnvironment env, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(sql).collect()) {
            it.forEachRemaining(row -> rows.add(row.toString()));
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void protobufWithSchemasOverHttpFileAndS3() throws Exception {
        TableEnvironment env = tableEnv();
        createOrdersPb(
                env,
                "orders_http",
                Map.of(
                        "schema.location",
                        http.url("shop/order.proto"),
                        "message",
                        "shop.v1.Order"));
        createOrdersPb(
                env,
                "orders_file",
                Map.of(
                        "schema.location",
                        schemas.resolve("shop.pb").toUri().toString(),
                        "message",
                        "Order"));
        Map<String, String> s3 = S3Uploads.options(S3, "s3://schemas/shop.pb");
        createOrdersPb(env, "orders_s3", with(s3, "message", ".shop.v1.Order"));
        for (String table : List.of("orders_http", "orders_file", "orders_s3")) {
            assertThat(query(env, "SELECT * FROM " + table)).as(table).isEqualTo(ORDER_ROWS);
        }
    }

    @Test
    void avroWithSchemasOverHttpFileAndS3() throws Exception {
        TableEnvironment env = tableEnv();
        Map<String, Map<String, String>> locations =
                Map.of(
                        "avro_http", Map.of("schema.location", http.url("order.avsc")),
                        "avro_file",
                                Map.of(
                                        "schema.location",
                                        schemas.resolve("order.avsc").toUri().toString()),
                        "avro_s3", S3Uploads.options(S3, "s3://schemas/order.avsc"));
        for (Map.Entry<String, Map<String, String>> table : locations.entrySet()) {
            env.executeSql(
                    "CREATE TABLE "
                            + table.getKey()
                            + " (amount DOUBLE, id BIGINT) WITH ("
                            + "'connector' = 'rw-test-bytes', 'payloads' = 'orders-avro',"
                            + " 'format' = 'rw-avro', "
                            + withOptions("rw-avro", table.getValue())
                            + ")");
            assertThat(query(env, "SELECT * FROM " + table.getKey()))
                    .as(table.getKey())
                    .containsExactly("+I[0.5, 2]", "+I[2.5, 1]");
        }
    }

    @Test
    void jsonSkipsWhatItCannotDecodeWhenAsked() throws Exception {
        TableEnvironment env = tableEnv();
        env.executeSql(
                "CREATE TABLE events (id BIGINT, ts TIMESTAMP_LTZ(3)) WITH ("
                        + "'connector' = 'rw-test-bytes', 'payloads' = 'events-json',"
                        + " 'format' = 'rw-json', 'rw-json.ignore-parse-errors' = 'true')");
        assertThat(query(env, "SELECT id, ts FROM events"))
                .containsExactly("+I[7, 2024-04-11T02:00:00Z]", "+I[8, 2024-04-11T02:00:00.123Z]");
    }

    @Test
    void nestedProjectionIsPushedIntoTheFormat() throws Exception {
        TableEnvironment env = tableEnv();
        createOrdersPb(
                env,
                "orders_projected",
                Map.of(
                        "schema.location",
                        schemas.resolve("shop.pb").toUri().toString(),
                        "message",
                        "shop.v1.Order"));
        BytesTableFactory.PUSHED.remove("orders-pb");
        assertThat(query(env, "SELECT address.zip, id FROM orders_projected"))
                .containsExactly("+I[10115, 1]", "+I[null, 2]");
        int[][] pushed = BytesTableFactory.PUSHED.get("orders-pb");
        assertThat(pushed).isNotNull();
        assertThat(java.util.Arrays.stream(pushed).map(java.util.Arrays::toString))
                .containsExactlyInAnyOrder("[3, 1]", "[0]");
    }

    @Test
    void declaredColumnsThatDoNotMatchFailWhenPlanned() {
        TableEnvironment env = tableEnv();
        env.executeSql(
                "CREATE TABLE wrong (id BIGINT, customer INT) WITH ("
                        + "'connector' = 'rw-test-bytes', 'payloads' = 'orders-pb',"
                        + " 'format' = 'rw-protobuf', 'rw-protobuf.message' = 'shop.v1.Order',"
                        + " 'rw-protobuf.schema.location' = '"
                        + schemas.resolve("shop.pb").toUri()
                        + "')");
        assertThatThrownBy(() -> env.explainSql("SELECT * FROM wrong"))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "rw-protobuf: column `customer` does not match the schema"))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "`created` ROW<`seconds` BIGINT, `nanos` INT>,"));
    }

    private static Map<String, String> with(Map<String, String> options, String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(options);
        more.put(key, value);
        return more;
    }
}
