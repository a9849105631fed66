package io.flinkrw.formats.avro;

import io.flinkrw.formats.Choices;
import io.flinkrw.formats.HostilePayloads;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static io.flinkrw.formats.Choices.write;

/**
 * rw-avro against generated payloads: datums of the writer schema's shape whose values are extreme
 * (lengths, block counts, decimal scales and sizes, union and enum indexes, nesting, timestamps),
 * also inside container files whose writer schema and block counts are hostile, plus random and
 * truncated bytes. See {@link HostilePayloads} for what each payload must do.
 */
class AvroHostilePayloadsTest {

    static final String AVSC =
            "{\"type\":\"record\",\"name\":\"Fuzz\",\"namespace\":\"fuzz\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\","
                    + "\"precision\":10,\"scale\":2}},"
                    + "{\"name\":\"big\",\"type\":{\"type\":\"fixed\",\"name\":\"Big\",\"size\":16,"
                    + "\"logicalType\":\"decimal\",\"precision\":38,\"scale\":10}},"
                    + "{\"name\":\"vsd\",\"type\":{\"type\":\"record\",\"name\":\"VariableScaleDecimal\","
                    + "\"namespace\":\"io.debezium.data\",\"fields\":[{\"name\":\"scale\",\"type\":\"int\"},"
                    + "{\"name\":\"value\",\"type\":\"bytes\"}]}},"
                    + "{\"name\":\"vsdText\",\"type\":\"io.debezium.data.VariableScaleDecimal\"},"
                    + "{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
                    + "{\"name\":\"clock\",\"type\":{\"type\":\"long\",\"logicalType\":\"time-micros\"}},"
                    + "{\"name\":\"name\",\"type\":[\"null\",\"string\"]},"
                    + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                    + "{\"name\":\"gaps\",\"type\":{\"type\":\"array\",\"items\":"
                    + "{\"type\":\"array\",\"items\":\"null\"}}},"
                    + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
                    + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\","
                    + "\"symbols\":[\"A\",\"B\",\"C\"]}},"
                    + "{\"name\":\"either\",\"type\":[\"int\",\"string\",\"boolean\"]},"
                    + "{\"name\":\"tree\",\"type\":{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                    + "{\"name\":\"label\",\"type\":\"string\"},"
                    + "{\"name\":\"children\",\"type\":{\"type\":\"array\",\"items\":\"Node\"}}]}}]}";

    private HostilePayloads.Subject subject;

    @BeforeProperty
    void open() throws Exception {
        RowType columns =
                (RowType)
                        DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.BIGINT()),
                                        DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)),
                                        DataTypes.FIELD("big", DataTypes.DECIMAL(38, 10)),
                                        DataTypes.FIELD("vsd", DataTypes.DECIMAL(10, 2)),
                                        DataTypes.FIELD("vsdText", DataTypes.STRING()),
                                        DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(6)),
                                        DataTypes.FIELD("clock", DataTypes.TIME()),
                                        DataTypes.FIELD("name", DataTypes.STRING()),
                                        DataTypes.FIELD(
                                                "tags", DataTypes.ARRAY(DataTypes.STRING())),
                                        DataTypes.FIELD(
                                                "gaps",
                                                DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INT()))),
                                        DataTypes.FIELD(
                                                "attrs",
                                                DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                                        DataTypes.FIELD("kind", DataTypes.STRING()))
                                .getLogicalType();
        AvroTableSchema schema = AvroTableSchema.parse(AVSC, null, "fuzz schema");
        schema.checkColumns(RwAvroFormatFactory.IDENTIFIER, columns);
        subject =
                new HostilePayloads.Subject(
                        "rw-avro",
                        deserializer(schema, columns, false),
                        deserializer(schema, columns, true));
    }

    private static RwAvroDeserializationSchema deserializer(
            AvroTableSchema schema, RowType columns, boolean ignore) {
        return new RwAvroDeserializationSchema(
                schema,
                columns,
                io.flinkrw.formats.RwDecodingFormat.allFields(columns),
                AvroEncoding.AUTO,
                ignore,
                org.apache.flink.table.runtime.typeutils.InternalTypeInfo.of(columns));
    }

    @Property(seed = HostilePayloads.SEED)
    void everyPayloadDecodesOrFailsClearlyInTime(@ForAll("payloads") byte[] payload) {
        subject.check(payload);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> datums = Choices.lists().map(c -> datum(new Choices(c)));
        Arbitrary<byte[]> containers = Choices.lists().map(c -> container(new Choices(c)));
        return Arbitraries.frequencyOf(
                Tuple.of(8, datums),
                Tuple.of(3, containers),
                Tuple.of(2, HostilePayloads.truncated(datums)),
                Tuple.of(2, HostilePayloads.corrupted(datums)),
                Tuple.of(1, HostilePayloads.noise()));
    }

    /** One datum of the schema's shape, every value drawn from {@code c}. */
    static byte[] datum(Choices c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeDatum(c, out);
        return out.toByteArray();
    }

    private static void writeDatum(Choices c, ByteArrayOutputStream out) {
        writeLong(out, c.next()); // id
        lengthPrefixed(c, out); // amount
        write(out, c.bytes(16)); // big
        writeLong(out, scale(c)); // vsd
        lengthPrefixed(c, out);
        writeLong(out, scale(c)); // vsdText
        lengthPrefixed(c, out);
        writeLong(out, c.next()); // at
        writeLong(out, c.next()); // clock
        long branch = c.pick(4) - 1; // name: null, string, or out of range
        writeLong(out, branch);
        if (branch == 1) {
            lengthPrefixed(c, out);
        }
        blocks(c, out, () -> lengthPrefixed(c, out)); // tags
        blocks(c, out, () -> blocks(c, out, () -> {})); // gaps
        blocks( // attrs
                c,
                out,
                () -> {
                    lengthPrefixed(c, out);
                    writeLong(out, c.next());
                });
        writeLong(out, c.oneIn(3) ? c.next() : c.pick(3)); // kind
        long either = c.pick(5) - 1;
        writeLong(out, either);
        if (either == 0) {
            writeLong(out, c.next());
        } else if (either == 1) {
            lengthPrefixed(c, out);
        } else if (either == 2) {
            out.write((int) c.next());
        }
        node(c, out, 0); // tree
    }

    /** A decimal's scale: small, at the edges of an int, or beyond. */
    private static long scale(Choices c) {
        switch (c.pick(4)) {
            case 0:
                return c.next();
            case 1:
                return c.oneIn(2) ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            default:
                return c.pick(40) - 20;
        }
    }

    /** A recursive Node, sometimes nested deeper than the decoder allows. */
    private static void node(Choices c, ByteArrayOutputStream out, int depth) {
        lengthPrefixed(c, out);
        if (depth < 700 && c.oneIn(3)) {
            writeLong(out, 1);
            node(c, out, depth + 1);
        }
        writeLong(out, 0);
    }

    /** A length (sometimes a lie) and at most 5000 bytes of content. */
    private static void lengthPrefixed(Choices c, ByteArrayOutputStream out) {
        long length = c.oneIn(5) ? c.next() : c.pick(40);
        writeLong(out, length);
        write(out, c.bytes((int) Math.max(0, Math.min(length, 5000))));
    }

    /** Array or map blocks with counts that may be extreme, negative (with a size) or lies. */
    private static void blocks(Choices c, ByteArrayOutputStream out, Runnable item) {
        int blocks = c.pick(3);
        for (int b = 0; b < blocks; b++) {
            long count = c.count();
            if (c.oneIn(4)) {
                writeLong(out, -count);
                writeLong(out, c.count());
            } else {
                writeLong(out, count);
            }
            for (long i = 0; i < Math.min(Math.abs(count), 8); i++) {
                item.run();
            }
        }
        if (!c.oneIn(8)) {
            writeLong(out, 0);
        }
    }

    /** An object container file: the real or an empty writer schema, hostile block counts. */
    static byte[] container(Choices c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, new byte[] {'O', 'b', 'j', 1});
        writeLong(out, 2);
        writeString(out, "avro.schema");
        writeString(
                out,
                c.oneIn(2) ? AVSC : "{\"type\":\"record\",\"name\":\"Nothing\",\"fields\":[]}");
        writeString(out, "avro.codec");
        writeString(out, "null");
        writeLong(out, 0);
        byte[] sync = c.bytes(16);
        write(out, sync);
        int blocks = 1 + c.pick(3);
        for (int b = 0; b < blocks; b++) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int records = c.pick(3);
            for (int r = 0; r < records; r++) {
                writeDatum(c, data);
            }
            writeLong(out, c.oneIn(3) ? c.next() : records);
            writeLong(out, data.size());
            write(out, data.toByteArray());
            write(out, c.oneIn(6) ? c.bytes(16) : sync);
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeLong(out, bytes.length);
        write(out, bytes);
    }

    /** Avro's zig-zag varint. */
    static void writeLong(ByteArrayOutputStream out, long value) {
        AvroHostileValuesTest.writeLong(out, value);
    }
}
