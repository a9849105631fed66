package io.flinkrw.e2e.cluster;

import io.flinkrw.e2e.gen.Address;
import io.flinkrw.e2e.gen.Order;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The orders of the connectors' cluster tests: order {@code id} encoded as rw-json, rw-avro (a raw
 * datum of {@code schemas/order.avsc}) or rw-protobuf ({@code e2e.Order} of {@code
 * e2e/order.proto}), the schema files served to the formats, and the CSV line each order becomes in
 * the tests' sink.
 */
final class Orders {

    static final List<String> FORMATS = List.of("json", "avro", "protobuf");

    static final String AVRO_SCHEMA_RESOURCE = "schemas/order.avsc";
    static final String PROTO_RESOURCE = "e2e/order.proto";
    static final String PROTO_MESSAGE = "e2e.Order";

    private static final Schema AVRO_SCHEMA =
            new Schema.Parser().parse(resource(AVRO_SCHEMA_RESOURCE));

    private Orders() {}

    static String customer(long id) {
        return "customer-" + id;
    }

    static double amount(long id) {
        return id + 0.25;
    }

    static String city(long id) {
        return "city-" + (id % 3);
    }

    /** Order {@code id} in {@code format} ({@code json}, {@code avro} or {@code protobuf}). */
    static byte[] encode(String format, long id) {
        switch (format) {
            case "json":
                return String.format(
                                Locale.ROOT,
                                "{\"id\": %d, \"customer\": \"%s\", \"amount\": %s,"
                                        + " \"address\": {\"city\": \"%s\"}}",
                                id,
                                customer(id),
                                amount(id),
                                city(id))
                        .getBytes(StandardCharsets.UTF_8);
            case "avro":
                return avro(id);
            case "protobuf":
                return Order.newBuilder()
                        .setId(id)
                        .setCustomer(customer(id))
                        .setAmount(amount(id))
                        .setAddress(Address.newBuilder().setCity(city(id)))
                        .build()
                        .toByteArray();
            default:
                throw new IllegalArgumentException(format);
        }
    }

    /** The sink's CSV line: {@code format,id,customer,amount,city,origin}. */
    static String csvLine(String format, long id, String origin) {
        return String.join(
                ",",
                format,
                String.valueOf(id),
                customer(id),
                String.valueOf(amount(id)),
                city(id),
                origin);
    }

    private static byte[] avro(long id) {
        Schema addressSchema = AVRO_SCHEMA.getField("address").schema();
        GenericRecord address = new GenericData.Record(addressSchema);
        address.put("city", city(id));
        GenericRecord order = new GenericData.Record(AVRO_SCHEMA);
        order.put("id", id);
        order.put("customer", customer(id));
        order.put("amount", amount(id));
        order.put("address", address);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(AVRO_SCHEMA).write(order, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A test resource's bytes as text. */
    static String resource(String name) {
        try (InputStream in = Orders.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
