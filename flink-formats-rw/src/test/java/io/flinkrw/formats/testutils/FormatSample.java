package io.flinkrw.formats.testutils;

import io.flinkrw.formats.protobuf.testdata.AllTypes;
import io.flinkrw.formats.protobuf.testdata.common.Address;
import io.flinkrw.formats.protobuf.testdata.common.Kind;

import org.apache.flink.types.Row;

import com.google.protobuf.Timestamp;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.provider.Arguments;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two records in one of the formats, for tests that read them through a connector with Flink SQL:
 * the table's columns (nested rows, arrays, maps, timestamps, decimals), the payloads, the rows a
 * query gives for them (in order), and a payload the format cannot decode.
 *
 * <p>rw-json and rw-avro carry the same order ({@link TestSchemaFiles#ORDER_AVSC}); rw-protobuf
 * reads {@code shop.v1.AllTypes} of {@link TestSchemaFiles#ORDER_PROTO}: its {@code .proto} text
 * over HTTP, protoc's descriptor set from a file and from S3.
 */
public final class FormatSample {

    private static final Instant CREATED_1 = Instant.parse("2023-11-14T22:13:20.123Z");
    private static final Instant CREATED_2 = Instant.ofEpochMilli(1_700_000_100_456L);

    private static final String ORDER_COLUMNS =
            "id BIGINT, customer STRING, amount DECIMAL(10, 2), created TIMESTAMP_LTZ(3),"
                    + " address ROW<city STRING, zip INT>, kind STRING, tags ARRAY<STRING>,"
                    + " quantities MAP<STRING, BIGINT>";

    private static final List<Row> ORDER_ROWS =
            List.of(
                    Row.of(
                            1L,
                            "ann",
                            new BigDecimal("12.50"),
                            CREATED_1,
                            Row.of("Berlin", 10115),
                            "BUY",
                            new String[] {"a", "b"},
                            Map.of("apple", 3L, "pear", 1L)),
                    Row.of(
                            2L,
                            "bob",
                            new BigDecimal("0.50"),
                            CREATED_2,
                            null,
                            "SELL",
                            new String[0],
                            Map.of()));

    /** rw-json: RisingWave's JSON rules (a key in other case, a numeric string, epoch millis). */
    public static final FormatSample JSON =
            new FormatSample(
                    "rw-json",
                    null,
                    Map.of(),
                    ORDER_COLUMNS,
                    List.of(
                            utf8(
                                    "{\"id\": 1, \"customer\": \"ann\", \"amount\": \"12.5\","
                                            + " \"created\": \"2023-11-14T22:13:20.123Z\","
                                            + " \"address\": {\"city\": \"Berlin\", \"zip\": 10115},"
                                            + " \"kind\": \"BUY\", \"tags\": [\"a\", \"b\"],"
                                            + " \"quantities\": {\"apple\": 3, \"pear\": 1}}"),
                            utf8(
                                    "{\"ID\": 2, \"customer\": \"bob\", \"amount\": 0.5,"
                                            + " \"created\": 1700000100456, \"address\": null,"
                                            + " \"kind\": \"SELL\", \"tags\": [], \"quantities\": {},"
                                            + " \"unknown\": true}")),
                    ORDER_ROWS,
                    utf8("not json"));

    /** rw-avro: raw binary datums of {@link TestSchemaFiles#ORDER_AVSC}. */
    public static final FormatSample AVRO =
            new FormatSample(
                    "rw-avro",
                    TestSchemaFiles.ORDER_AVSC,
                    Map.of(),
                    ORDER_COLUMNS,
                    List.of(
                            avroOrder(
                                    1L,
                                    "ann",
                                    "12.50",
                                    CREATED_1,
                                    "Berlin",
                                    10115,
                                    "BUY",
                                    List.of("a", "b"),
                                    Map.of("apple", 3L, "pear", 1L)),
                            avroOrder(
                                    2L, "bob", "0.50", CREATED_2, null, 0, "SELL", List.of(),
                                    Map.of())),
                    ORDER_ROWS,
                    // A long (id = 1), then the end where the customer string should start.
                    new byte[] {0x02});

    /** rw-protobuf: {@code shop.v1.AllTypes} messages built with protoc's classes. */
    public static final FormatSample PROTOBUF =
            new FormatSample(
                    "rw-protobuf",
                    TestSchemaFiles.DESCRIPTOR_SET,
                    Map.of("message", "shop.v1.AllTypes"),
                    "f_int64 BIGINT, f_string STRING, f_enum STRING,"
                            + " f_message ROW<city STRING, zip INT>,"
                            + " r_message ARRAY<ROW<city STRING, zip INT>>,"
                            + " m_string_int64 MAP<STRING, BIGINT>, f_timestamp TIMESTAMP_LTZ(3),"
                            + " f_uint64 DECIMAL(20, 0), o_text STRING",
                    List.of(
                            AllTypes.newBuilder()
                                    .setFInt64(1)
                                    .setFString("ann")
                                    .setFEnum(Kind.BUY)
                                    .setFMessage(address("Berlin", 10115))
                                    .addRMessage(address("Oslo", 150))
                                    .addRMessage(address("Rome", 118))
                                    .putMStringInt64("apple", 3)
                                    .setFTimestamp(
                                            Timestamp.newBuilder()
                                                    .setSeconds(CREATED_1.getEpochSecond())
                                                    .setNanos(CREATED_1.getNano()))
                                    .setFUint64(-1L)
                                    .setOText("gift")
                                    .build()
                                    .toByteArray(),
                            AllTypes.newBuilder().setFInt64(2).build().toByteArray()),
                    List.of(
                            Row.of(
                                    1L,
                                    "ann",
                                    "BUY",
                                    Row.of("Berlin", 10115),
                                    new Row[] {Row.of("Oslo", 150), Row.of("Rome", 118)},
                                    Map.of("apple", 3L),
                                    CREATED_1,
                                    new BigDecimal("18446744073709551615"),
                                    "gift"),
                            // proto3 defaults for scalars, empty repeated fields and maps, NULL
                            // for absent messages and oneof members.
                            Row.of(
                                    2L,
                                    "",
                                    "KIND_UNSPECIFIED",
                                    null,
                                    new Row[0],
                                    Map.of(),
                                    null,
                                    new BigDecimal("0"),
                                    null)),
                    // Field 14 (f_string), length 5, but only one byte follows.
                    new byte[] {0x72, 0x05, 'a'});

    private final String format;
    @Nullable private final String schemaFile;
    private final Map<String, String> formatOptions;
    private final String columns;
    private final List<byte[]> payloads;
    private final List<Row> rows;
    private final byte[] undecodable;

    private FormatSample(
            String format,
            @Nullable String schemaFile,
            Map<String, String> formatOptions,
            String columns,
            List<byte[]> payloads,
            List<Row> rows,
            byte[] undecodable) {
        this.format = format;
        this.schemaFile = schemaFile;
        this.formatOptions = formatOptions;
        this.columns = columns;
        this.payloads = payloads;
        this.rows = rows;
        this.undecodable = undecodable;
    }

    /** All three samples. */
    public static List<FormatSample> all() {
        return List.of(JSON, AVRO, PROTOBUF);
    }

    /**
     * Test arguments (sample, location kind): rw-json once (it has no schema), rw-avro and
     * rw-protobuf with each kind of schema location.
     */
    public static Stream<Arguments> withEachSchemaLocation() {
        List<Arguments> cases = new ArrayList<>();
        for (FormatSample sample : all()) {
            if (!sample.hasSchema()) {
                cases.add(Arguments.of(sample, SchemaLocations.Kind.HTTP));
                continue;
            }
            for (SchemaLocations.Kind kind : SchemaLocations.Kind.values()) {
                cases.add(Arguments.of(sample, kind));
            }
        }
        return cases.stream();
    }

    /** The format's identifier, e.g. {@code rw-avro}. */
    public String format() {
        return format;
    }

    /** Whether the format reads a schema from a location (rw-json does not). */
    public boolean hasSchema() {
        return schemaFile != null;
    }

    /** The table's column list, without parentheses. */
    public String columns() {
        return columns;
    }

    /**
     * The format's table options, {@code 'format'} included and the others with its prefix, with
     * the schema read from {@code locations} of {@code kind} (ignored by rw-json).
     */
    public Map<String, String> tableOptions(SchemaLocations locations, SchemaLocations.Kind kind) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("format", format);
        Map<String, String> unprefixed = new LinkedHashMap<>(formatOptions);
        if (schemaFile != null) {
            // The .proto text over HTTP (its import fetched next to it), the descriptor set else.
            String file =
                    format.equals("rw-protobuf") && kind == SchemaLocations.Kind.HTTP
                            ? TestSchemaFiles.ORDER_PROTO
                            : schemaFile;
            unprefixed.putAll(locations.options(kind, file));
        }
        unprefixed.forEach((key, value) -> options.put(format + "." + key, value));
        return options;
    }

    /** The payloads, in order. */
    public List<byte[]> payloads() {
        return payloads;
    }

    /** The rows {@code SELECT *} gives for {@link #payloads()}, in order. */
    public List<Row> rows() {
        return rows;
    }

    /** A payload the format cannot decode. */
    public byte[] undecodable() {
        return undecodable.clone();
    }

    /** The start of the format's message for {@link #undecodable()}, up to the byte offset. */
    public String undecodableMessage() {
        StringBuilder hex = new StringBuilder();
        for (byte b : undecodable) {
            hex.append(String.format("%02x", b));
        }
        return String.format(
                "%s: cannot decode the payload (%d bytes, starting %s) at byte offset",
                format, undecodable.length, hex);
    }

    @Override
    public String toString() {
        return format;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Address address(String city, int zip) {
        return Address.newBuilder().setCity(city).setZip(zip).build();
    }

    private static byte[] avroOrder(
            long id,
            String customer,
            String amount,
            Instant created,
            @Nullable String city,
            int zip,
            String kind,
            List<String> tags,
            Map<String, Long> quantities) {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                new String(
                                        TestSchemaFiles.read(TestSchemaFiles.ORDER_AVSC),
                                        StandardCharsets.UTF_8));
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", id);
        order.put("customer", customer);
        order.put("amount", new BigDecimal(amount));
        order.put("created", created.toEpochMilli());
        if (city != null) {
            GenericRecord address =
                    new GenericData.Record(schema.getField("address").schema().getTypes().get(1));
            address.put("city", city);
            address.put("zip", zip);
            order.put("address", address);
        }
        order.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), kind));
        order.put("tags", tags);
        order.put("quantities", quantities);
        return AvroRecords.raw(schema, order);
    }
}
