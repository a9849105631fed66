package io.flinkrw.e2e.bench;

import io.flinkrw.e2e.bench.gen.Address;
import io.flinkrw.e2e.bench.gen.Event;
import io.flinkrw.e2e.bench.gen.Kind;

import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Timestamp;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark's records: the same logical records serialized as protobuf (generated class), Avro
 * (the schema Flink's avro format derives from the table) and JSON.
 */
final class BenchmarkRecords {

    /** The table every decoder produces (NOT NULL, as the planner's physical row type is). */
    static final RowType ROW_TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT()),
                                    DataTypes.FIELD("name", DataTypes.STRING()),
                                    DataTypes.FIELD("category", DataTypes.INT()),
                                    DataTypes.FIELD("price", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("active", DataTypes.BOOLEAN()),
                                    DataTypes.FIELD(
                                            "ts",
                                            DataTypes.ROW(
                                                    DataTypes.FIELD("seconds", DataTypes.BIGINT()),
                                                    DataTypes.FIELD("nanos", DataTypes.INT()))),
                                    DataTypes.FIELD(
                                            "addr",
                                            DataTypes.ROW(
                                                    DataTypes.FIELD("city", DataTypes.STRING()),
                                                    DataTypes.FIELD("zip", DataTypes.INT()))),
                                    DataTypes.FIELD("kind", DataTypes.STRING()),
                                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())))
                            .notNull()
                            .getLogicalType();

    /** The Avro schema flink-avro derives from {@link #ROW_TYPE}; rw-avro reads it from a file. */
    static final Schema AVRO_SCHEMA = AvroSchemaConverter.convertToSchema(ROW_TYPE);

    private static final String[] CITIES = {"Berlin", "Paris", "Lisbon", "Kraków", "Oslo"};

    final byte[][] protobuf;
    final byte[][] avro;
    final byte[][] json;

    private BenchmarkRecords(byte[][] protobuf, byte[][] avro, byte[][] json) {
        this.protobuf = protobuf;
        this.avro = avro;
        this.json = json;
    }

    static BenchmarkRecords generate(int count, long seed) throws IOException {
        Random random = new Random(seed);
        byte[][] protobuf = new byte[count][];
        byte[][] avro = new byte[count][];
        byte[][] json = new byte[count][];
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(AVRO_SCHEMA);
        Schema tsSchema = nonNull(AVRO_SCHEMA.getField("ts").schema());
        Schema addrSchema = nonNull(AVRO_SCHEMA.getField("addr").schema());
        for (int i = 0; i < count; i++) {
            long id = random.nextLong() >>> 20;
            String name = "user-" + Long.toString(random.nextLong() >>> 30, 36);
            int category = random.nextInt(1000);
            double price = Math.round(random.nextDouble() * 100_000) / 100.0;
            boolean active = random.nextBoolean();
            long seconds = 1_700_000_000L + random.nextInt(10_000_000);
            int nanos = random.nextInt(1_000_000_000);
            String city = CITIES[random.nextInt(CITIES.length)];
            int zip = 10_000 + random.nextInt(90_000);
            Kind kind = random.nextBoolean() ? Kind.BUY : Kind.SELL;
            List<String> tags = new ArrayList<>();
            // One to three tags: flink-protobuf reads an empty repeated field as NULL by default.
            for (int t = 1 + random.nextInt(3); t > 0; t--) {
                tags.add("tag" + random.nextInt(50));
            }

            protobuf[i] =
                    Event.newBuilder()
                            .setId(id)
                            .setName(name)
                            .setCategory(category)
                            .setPrice(price)
                            .setActive(active)
                            .setTs(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos))
                            .setAddr(Address.newBuilder().setCity(city).setZip(zip))
                            .setKind(kind)
                            .addAllTags(tags)
                            .build()
                            .toByteArray();

            GenericRecord record = new GenericData.Record(AVRO_SCHEMA);
            record.put("id", id);
            record.put("name", name);
            record.put("category", category);
            record.put("price", price);
            record.put("active", active);
            GenericRecord ts = new GenericData.Record(tsSchema);
            ts.put("seconds", seconds);
            ts.put("nanos", nanos);
            record.put("ts", ts);
            GenericRecord addr = new GenericData.Record(addrSchema);
            addr.put("city", city);
            addr.put("zip", zip);
            record.put("addr", addr);
            record.put("kind", kind.name());
            record.put("tags", tags);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            avro[i] = out.toByteArray();

            StringBuilder text =
                    new StringBuilder()
                            .append("{\"id\":")
                            .append(id)
                            .append(",\"name\":\"")
                            .append(name)
                            .append("\",\"category\":")
                            .append(category)
                            .append(",\"price\":")
                            .append(price)
                            .append(",\"active\":")
                            .append(active)
                            .append(",\"ts\":{\"seconds\":")
                            .append(seconds)
                            .append(",\"nanos\":")
                            .append(nanos)
                            .append("},\"addr\":{\"city\":\"")
                            .append(city)
                            .append("\",\"zip\":")
                            .append(zip)
                            .append("},\"kind\":\"")
                            .append(kind.name())
                            .append("\",\"tags\":[");
            for (int t = 0; t < tags.size(); t++) {
                text.append(t == 0 ? "\"" : ",\"").append(tags.get(t)).append('"');
            }
            json[i] = text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
        return new BenchmarkRecords(protobuf, avro, json);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow();
    }

    static double averageSize(byte[][] payloads) {
        long total = 0;
        for (byte[] payload : payloads) {
            total += payload.length;
        }
        return (double) total / payloads.length;
    }
}
