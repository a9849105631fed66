package io.flinkrw.formats.schema;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.SchemaColumns;
import io.flinkrw.formats.avro.AvroEncodingTest;
import io.flinkrw.formats.avro.AvroEncodingTestAccess;
import io.flinkrw.formats.avro.RwAvroDeserializationSchema;
import io.flinkrw.formats.protobuf.RwProtobufDeserializationSchema;
import io.flinkrw.formats.protobuf.testdata.Order;
import io.flinkrw.formats.testutils.S3Uploads;
import io.flinkrw.testutils.S3Server;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code s3://} schema locations against a real S3-compatible server (s3rver): the formats' {@code
 * aws.*} options and RisingWave's aliases, {@code .proto} imports next to the file, and a clear
 * error for a missing key or bucket, refused credentials and an unreachable endpoint.
 */
class S3SchemaLocationITCase {

    @RegisterExtension static final S3Server S3 = S3Server.withBuckets("schemas");

    @BeforeAll
    static void upload() throws Exception {
        S3Uploads.put(
                S3,
                "schemas",
                Map.of(
                        "avro/order.avsc",
                        AvroEncodingTest.ORDER_AVSC.getBytes(StandardCharsets.UTF_8),
                        "pb/shop.pb",
                        Files.readAllBytes(FormatTestUtils.DESCRIPTOR_SET),
                        "protos/shop/order.proto",
                        Files.readAllBytes(FormatTestUtils.PROTO_DIR.resolve("shop/order.proto")),
                        "protos/shop/common.proto",
                        Files.readAllBytes(
                                FormatTestUtils.PROTO_DIR.resolve("shop/common.proto"))));
    }

    static Map<String, String> s3Options(String location) {
        return S3Uploads.options(S3, location);
    }

    @Test
    void avroSchemaFromS3() throws Exception {
        RwAvroDeserializationSchema schema =
                FormatTestUtils.open(
                        RwAvroDeserializationSchema.builder()
                                .setProperties(s3Options("s3://schemas/avro/order.avsc"))
                                .build());
        assertThat(schema.deserialize(AvroEncodingTestAccess.rawOrder(1, "ann", 2.5)))
                .isEqualTo(
                        GenericRowData.of(
                                1L,
                                StringData.fromString("ann"),
                                StringData.fromString("n1"),
                                2.5d));
    }

    @Test
    void risingWaveAliasKeysWork() throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("rw-avro.schema.location", "s3://schemas/avro/order.avsc");
        options.put("s3.region", S3.region());
        options.put("s3.endpoint", S3.endpoint().toString());
        options.put("s3.access.key", S3.accessKeyId());
        options.put("s3.secret.key", S3.secretAccessKey());
        assertThat(SchemaColumns.toDdl(SchemaColumns.derive("rw-avro", options)))
                .isEqualTo("`id` BIGINT,\n`customer` STRING,\n`note` STRING,\n`amount` DOUBLE");
    }

    @Test
    void protobufDescriptorSetAndProtoTextFromS3() throws Exception {
        Map<String, String> set = s3Options("s3://schemas/pb/shop.pb");
        set.put("message", "shop.v1.Order");
        Map<String, String> text = s3Options("s3://schemas/protos/shop/order.proto");
        text.put("message", "Order");
        byte[] payload = Order.newBuilder().setId(5).setCustomer("c").build().toByteArray();
        for (Map<String, String> options : java.util.List.of(set, text)) {
            RwProtobufDeserializationSchema schema =
                    FormatTestUtils.open(
                            RwProtobufDeserializationSchema.builder()
                                    .setProperties(options)
                                    .build());
            assertThat(schema.deserialize(payload).getLong(0)).isEqualTo(5L);
            assertThat(schema.deserialize(payload).getString(1))
                    .isEqualTo(StringData.fromString("c"));
        }
    }

    @Test
    void missingKeyOrBucket() {
        assertThatThrownBy(
                        () ->
                                SchemaColumns.derive(
                                        "rw-avro", s3Options("s3://schemas/avro/nope.avsc")))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessage(
                        "rw-avro: schema not found at s3://schemas/avro/nope.avsc (S3 NoSuchKey)");
        assertThatThrownBy(() -> SchemaColumns.derive("rw-avro", s3Options("s3://nobucket/x.avsc")))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessage("rw-avro: schema not found at s3://nobucket/x.avsc (S3 NoSuchBucket)");
    }

    @Test
    void refusedCredentialsSaySoWithoutTheSecret() {
        Map<String, String> options = s3Options("s3://schemas/avro/order.avsc");
        options.put("aws.credentials.access_key_id", "AKIAUNKNOWN");
        options.put("aws.credentials.secret_access_key", "do-not-print-me");
        assertThatThrownBy(() -> SchemaColumns.derive("rw-avro", options))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageStartingWith(
                        "rw-avro: cannot read the schema at s3://schemas/avro/order.avsc (S3 ")
                .hasMessageContaining("HTTP 403")
                .satisfies(
                        e -> {
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                assertThat(String.valueOf(t.getMessage()))
                                        .doesNotContain("do-not-print-me");
                            }
                        });
    }

    @Test
    void unreachableEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> options = s3Options("s3://schemas/avro/order.avsc");
        options.put("aws.endpoint_url", "http://127.0.0.1:" + port);
        options.put("schema.location.timeout", "2 s");
        assertThatThrownBy(() -> SchemaColumns.derive("rw-avro", options))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageStartingWith(
                        "rw-avro: cannot reach the schema at s3://schemas/avro/order.avsc");
    }
}
