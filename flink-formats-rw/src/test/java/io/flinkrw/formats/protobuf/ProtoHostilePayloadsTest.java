package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.Choices;
import io.flinkrw.formats.HostilePayloads;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.ByteArrayOutputStream;

import static io.flinkrw.formats.Choices.write;

/**
 * rw-protobuf against generated payloads: messages of {@code shop.v1.AllTypes} whose fields carry
 * extreme values (10-byte varints, lengths that lie, Timestamps at the edges, nested and merged
 * messages, packed runs, map entries, deep groups of unknown fields, wrong wire types), plus random
 * and truncated bytes. See {@link HostilePayloads} for what each payload must do.
 */
class ProtoHostilePayloadsTest {

    /** The wire type of each field number of AllTypes (index = number). */
    private static final int[] WIRE_TYPES = {
        -1, 1, 5, 0, 0, 0, 0, 0, 0, 5, 1, 5, 1, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2, 2,
        2, 2, 0, 0
    };

    private HostilePayloads.Subject subject;

    @BeforeProperty
    void open() throws Exception {
        ProtoTableSchema schema = ProtoTestSchemas.schema("shop.v1.AllTypes");
        RowType columns = schema.impliedRowType();
        subject =
                new HostilePayloads.Subject(
                        "rw-protobuf",
                        deserializer(schema, columns, false),
                        deserializer(schema, columns, true));
    }

    private static RwProtobufDeserializationSchema deserializer(
            ProtoTableSchema schema, RowType columns, boolean ignore) {
        return new RwProtobufDeserializationSchema(
                schema,
                columns,
                RwDecodingFormat.allFields(columns),
                ignore,
                InternalTypeInfo.of(columns));
    }

    @Property(seed = HostilePayloads.SEED)
    void everyPayloadDecodesOrFailsClearlyInTime(@ForAll("payloads") byte[] payload) {
        subject.check(payload);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> messages = Choices.lists().map(c -> message(new Choices(c)));
        return Arbitraries.frequencyOf(
                Tuple.of(10, messages),
                Tuple.of(2, HostilePayloads.truncated(messages)),
                Tuple.of(2, HostilePayloads.corrupted(messages)),
                Tuple.of(1, HostilePayloads.noise()));
    }

    /** A top-level message: fields of AllTypes (or unknown ones) in any order. */
    static byte[] message(Choices c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fields = 1 + c.pick(12);
        for (int f = 0; f < fields; f++) {
            int number = c.oneIn(8) ? 34 + c.pick(100) : 1 + c.pick(33);
            int wireType =
                    number < WIRE_TYPES.length && !c.oneIn(6) ? WIRE_TYPES[number] : c.pick(8);
            int times = c.oneIn(6) ? 1 + c.pick(2000) : 1;
            byte[] field = field(c, number, wireType, 0);
            for (int t = 0; t < times; t++) {
                write(out, field);
            }
        }
        return out.toByteArray();
    }

    /** One field: its tag and a value of {@code wireType}, nested content drawn from {@code c}. */
    private static byte[] field(Choices c, int number, int wireType, int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) number << 3) | (wireType & 7));
        switch (wireType) {
            case ProtoInput.VARINT:
                writeVarint(out, c.oneIn(4) ? c.next() : c.pick(300));
                break;
            case ProtoInput.FIXED64:
                write(out, c.bytes(8));
                break;
            case ProtoInput.FIXED32:
                write(out, c.bytes(4));
                break;
            case ProtoInput.LENGTH_DELIMITED:
                {
                    byte[] content = content(c, depth);
                    long length = c.oneIn(8) ? c.next() : content.length;
                    writeVarint(out, length);
                    write(out, content);
                    break;
                }
            case ProtoInput.START_GROUP:
                {
                    int inner = depth < 150 && c.oneIn(2) ? 1 : 0;
                    for (int i = 0; i < inner; i++) {
                        write(out, field(c, 1 + c.pick(4), c.pick(6), depth + 1));
                    }
                    if (!c.oneIn(8)) {
                        int end = c.oneIn(8) ? number + 1 : number;
                        writeVarint(out, ((long) end << 3) | ProtoInput.END_GROUP);
                    }
                    break;
                }
            default:
                break;
        }
        return out.toByteArray();
    }

    /**
     * Content of a length-delimited field: a nested message (Address, Timestamp, map entry,
     * wrapper, Any: fields 1 to 3), a packed run of varints, or bytes that may not be UTF-8.
     */
    private static byte[] content(Choices c, int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (c.pick(3)) {
            case 0:
                {
                    int fields = depth < 150 ? c.pick(4) : 0;
                    for (int f = 0; f < fields; f++) {
                        int number = 1 + c.pick(3);
                        int wireType = c.oneIn(5) ? c.pick(8) : c.pick(3) == 0 ? 2 : 0;
                        write(out, field(c, number, wireType, depth + 1));
                    }
                    break;
                }
            case 1:
                {
                    int items = c.pick(20);
                    for (int i = 0; i < items; i++) {
                        writeVarint(out, c.oneIn(3) ? c.next() : c.pick(100));
                    }
                    break;
                }
            default:
                write(out, c.bytes(c.pick(64)));
        }
        return out.toByteArray();
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        long n = value;
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }
}
