package io.flinkrw.formats.avro;

import io.flinkrw.formats.RobustnessSubject;
import io.flinkrw.formats.RwDecodingFormat;
import io.flinkrw.formats.testutils.AvroRecords;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** rw-avro under the robustness test: records of every kind of field, every encoding. */
public final class AvroRobustnessPayloads {

    static final String AVSC =
            "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"fuzz\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"name\",\"type\":[\"null\",\"string\"]},"
                    + "{\"name\":\"score\",\"type\":\"double\"},"
                    + "{\"name\":\"price\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\","
                    + "\"precision\":12,\"scale\":2}},"
                    + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\","
                    + "\"symbols\":[\"A\",\"B\",\"C\"]}},"
                    + "{\"name\":\"hash\",\"type\":{\"type\":\"fixed\",\"name\":\"Hash\",\"size\":4}},"
                    + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                    + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
                    + "{\"name\":\"either\",\"type\":[\"int\",\"string\",\"boolean\"]},"
                    + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
                    + "{\"name\":\"tree\",\"type\":{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                    + "{\"name\":\"label\",\"type\":\"string\"},"
                    + "{\"name\":\"children\",\"type\":{\"type\":\"array\",\"items\":\"Node\"}}]}},"
                    + "{\"name\":\"addr\",\"type\":{\"type\":\"record\",\"name\":\"Addr\",\"fields\":["
                    + "{\"name\":\"city\",\"type\":\"string\"},{\"name\":\"zip\",\"type\":\"int\"}]}}]}";

    private AvroRobustnessPayloads() {}

    public static RobustnessSubject subject(long seed) {
        AvroTableSchema table = AvroTableSchema.parse(AVSC, null, "fuzz schema");
        Schema schema = table.record();
        // Every column the schema implies except the recursive one, which is skipped.
        RowType implied = impliedWithoutTree(schema);
        return new RobustnessSubject() {
            @Override
            public DeserializationSchema<RowData> deserializer(boolean ignore) {
                table.checkColumns(RwAvroFormatFactory.IDENTIFIER, implied);
                return new RwAvroDeserializationSchema(
                        table,
                        implied,
                        RwDecodingFormat.allFields(implied),
                        AvroEncoding.AUTO,
                        ignore,
                        InternalTypeInfo.of(implied));
            }

            @Override
            public List<byte[]> validPayloads() {
                Random random = new Random(seed);
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    GenericRecord record = record(schema, random, i);
                    payloads.add(AvroRecords.raw(schema, record));
                    payloads.add(AvroRecords.singleObject(schema, record));
                }
                payloads.add(
                        AvroRecords.container(
                                schema,
                                CodecFactory.nullCodec(),
                                record(schema, random, 1),
                                record(schema, random, 2)));
                payloads.add(
                        AvroRecords.container(
                                schema, CodecFactory.deflateCodec(5), record(schema, random, 3)));
                return payloads;
            }
        };
    }

    private static RowType impliedWithoutTree(Schema schema) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (!field.name().equals("tree")) {
                fields.add(
                        new RowType.RowField(
                                field.name(),
                                AvroTypeMapping.typeOf(field.schema(), List.of(field.name()))));
            }
        }
        return new RowType(fields);
    }

    private static GenericRecord record(Schema schema, Random random, int i) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", random.nextLong());
        record.put("name", i % 2 == 0 ? null : "name-" + i);
        record.put("score", random.nextDouble());
        record.put(
                "price", new BigDecimal(BigDecimal.valueOf(random.nextInt(100_000), 2).toString()));
        record.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "B"));
        record.put(
                "hash",
                new GenericData.Fixed(schema.getField("hash").schema(), new byte[] {1, 2, 3, 4}));
        record.put("tags", List.of("t" + i, "u"));
        record.put("attrs", Map.of("a", i, "b", -i));
        record.put("either", i % 3 == 0 ? (Object) i : i % 3 == 1 ? "s" + i : (Object) true);
        record.put("at", random.nextLong() / 1000);
        Schema node = schema.getField("tree").schema();
        GenericRecord leaf = new GenericData.Record(node);
        leaf.put("label", "leaf");
        leaf.put("children", List.of());
        GenericRecord root = new GenericData.Record(node);
        root.put("label", "root");
        root.put("children", List.of(leaf, leaf));
        record.put("tree", root);
        GenericRecord addr = new GenericData.Record(schema.getField("addr").schema());
        addr.put("city", "c" + i);
        addr.put("zip", i);
        record.put("addr", addr);
        return record;
    }
}
