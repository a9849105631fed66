package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.flinkrw.common.source.ParseErrorCounter.NUM_RECORDS_IN_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A singular message given again is merged into the first (its repeated fields and maps
 * concatenated): given a few hundred thousand times, each merge re-copying what the earlier ones
 * gathered, a one-megabyte payload would take quadratic time. The merging work is budgeted per
 * payload byte; the time limit is a hang guard, not a speed limit.
 */
class ProtoHostileValuesTest {

    /** A hang guard: before the budget these payloads kept the thread busy for minutes. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    /** {@code message Outer { Inner inner = 1; } message Inner { repeated int64 items = 1; ...} */
    static ProtoTableSchema mergeSchema() {
        FieldDescriptorProto.Type int64 = FieldDescriptorProto.Type.TYPE_INT64;
        DescriptorProto tagsEntry =
                DescriptorProto.newBuilder()
                        .setName("TagsEntry")
                        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                        .addField(field("key", 1, FieldDescriptorProto.Type.TYPE_STRING, false))
                        .addField(field("value", 2, int64, false))
                        .build();
        DescriptorProto inner =
                DescriptorProto.newBuilder()
                        .setName("Inner")
                        .addField(field("items", 1, int64, true))
                        .addField(
                                field("tags", 2, FieldDescriptorProto.Type.TYPE_MESSAGE, true)
                                        .setTypeName(".merge.Inner.TagsEntry"))
                        .addNestedType(tagsEntry)
                        .build();
        DescriptorProto outer =
                DescriptorProto.newBuilder()
                        .setName("Outer")
                        .addField(
                                field("inner", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, false)
                                        .setTypeName(".merge.Inner"))
                        .build();
        FileDescriptorProto file =
                FileDescriptorProto.newBuilder()
                        .setName("merge.proto")
                        .setPackage("merge")
                        .setSyntax("proto3")
                        .addMessageType(inner)
                        .addMessageType(outer)
                        .build();
        return ProtoTableSchema.fromDescriptorSet(
                FileDescriptorSet.newBuilder().addFile(file).build().toByteArray(),
                "merge.Outer",
                "merge schema");
    }

    private static FieldDescriptorProto.Builder field(
            String name, int number, FieldDescriptorProto.Type type, boolean repeated) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(
                        repeated
                                ? FieldDescriptorProto.Label.LABEL_REPEATED
                                : FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    /** {@code inner { items: 1 }}, given again and again. */
    static byte[] itemsGivenAgain(int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.write(new byte[] {0x0a, 0x02, 0x08, 0x01}, 0, 4);
        }
        return out.toByteArray();
    }

    /** {@code inner { tags: {key: "<i>", value: 1} }}, given again and again. */
    static byte[] tagsGivenAgain(int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            byte[] key = Integer.toString(i, 36).getBytes(StandardCharsets.UTF_8);
            byte[] entry = new byte[2 + key.length + 2];
            entry[0] = 0x0a;
            entry[1] = (byte) key.length;
            System.arraycopy(key, 0, entry, 2, key.length);
            entry[2 + key.length] = 0x10;
            entry[3 + key.length] = 0x01;
            out.write(
                    new byte[] {0x0a, (byte) (entry.length + 2), 0x12, (byte) entry.length}, 0, 4);
            out.write(entry, 0, entry.length);
        }
        return out.toByteArray();
    }

    @Test
    void aFewMergesDecodeAsConcatenation() throws Exception {
        ProtoTableSchema schema = mergeSchema();
        RowType columns = schema.impliedRowType();
        RowData row =
                ProtoTestSchemas.deserializer(schema, columns, new int[][] {{0}}, false)
                        .deserialize(itemsGivenAgain(3));
        GenericRowData inner = (GenericRowData) ((GenericRowData) row).getField(0);
        assertThat(inner.getArray(0).size()).isEqualTo(3);
    }

    @Test
    void repeatedFieldsMergedAgainAndAgainAreRejected() throws Exception {
        assertRejected(itemsGivenAgain(250_000), new int[][] {{0}});
    }

    @Test
    void mapsMergedAgainAndAgainAreRejected() throws Exception {
        assertRejected(tagsGivenAgain(100_000), new int[][] {{0}});
    }

    @Test
    void selectedSubfieldsMergedAgainAndAgainAreRejected() throws Exception {
        assertRejected(itemsGivenAgain(250_000), new int[][] {{0, 0}});
    }

    private static void assertRejected(byte[] payload, int[][] projections) throws Exception {
        ProtoTableSchema schema = mergeSchema();
        RowType columns = schema.impliedRowType();
        RwProtobufDeserializationSchema strict =
                ProtoTestSchemas.deserializer(schema, columns, projections, false);
        assertTimeoutPreemptively(
                HANG_GUARD,
                () ->
                        assertThatThrownBy(() -> strict.deserialize(payload))
                                .isInstanceOf(IOException.class)
                                .hasCauseInstanceOf(DecodeException.class)
                                .hasMessageContaining("given again"));
        CountingMetricGroup metrics = new CountingMetricGroup();
        RwProtobufDeserializationSchema lenient =
                ProtoTestSchemas.deserializer(schema, columns, projections, true);
        lenient.open(FormatTestUtils.context(metrics));
        assertTimeoutPreemptively(
                HANG_GUARD, () -> assertThat(FormatTestUtils.collect(lenient, payload)).isEmpty());
        assertThat(metrics.count(NUM_RECORDS_IN_ERRORS)).isEqualTo(1);
    }
}
