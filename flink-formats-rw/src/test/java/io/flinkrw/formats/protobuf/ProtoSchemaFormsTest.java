package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.protobuf.testdata.Order;
import io.flinkrw.formats.protobuf.testdata.common.Address;
import io.flinkrw.formats.protobuf.testdata.common.Kind;
import io.flinkrw.formats.protobuf.testdata.tree.Node;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.schema.SchemaLocationException;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each protobuf schema form: a FileDescriptorSet from protoc (with and without its imports) and
 * {@code .proto} text with imports, over {@code file://} and {@code http://}; message names.
 */
class ProtoSchemaFormsTest {

    @RegisterExtension
    static final SchemaHttpServer HTTP = SchemaHttpServer.serving(FormatTestUtils.PROTO_DIR);

    @TempDir Path temp;

    private static final Order ORDER =
            Order.newBuilder()
                    .setId(42)
                    .setCustomer("alice")
                    .setAmount(9.5)
                    .setCreated(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(7))
                    .setAddress(Address.newBuilder().setCity("Berlin").setZip(10115))
                    .setKind(Kind.BUY)
                    .addTags("a")
                    .addTags("b")
                    .build();

    private static final GenericRowData ORDER_ROW =
            GenericRowData.of(
                    42L,
                    StringData.fromString("alice"),
                    9.5d,
                    GenericRowData.of(1_700_000_000L, 7),
                    GenericRowData.of(StringData.fromString("Berlin"), 10115),
                    StringData.fromString("BUY"),
                    new GenericArrayData(
                            new Object[] {StringData.fromString("a"), StringData.fromString("b")}));

    static ProtoTableSchema load(String location, String message) {
        return load(location, message, Map.of());
    }

    static ProtoTableSchema load(String location, String message, Map<String, String> more) {
        Configuration options = new Configuration();
        options.setString("schema.location", location);
        more.forEach(options::setString);
        return ProtoTableSchema.load(SchemaFetchConfig.from("rw-protobuf", options), message);
    }

    static RowData decode(ProtoTableSchema schema, byte[] payload) throws Exception {
        RowType columns = schema.impliedRowType();
        return ProtoTestSchemas.deserializer(
                        schema,
                        columns,
                        io.flinkrw.formats.RwDecodingFormat.allFields(columns),
                        false)
                .deserialize(payload);
    }

    @Test
    void descriptorSetWithImportsFromFile() throws Exception {
        ProtoTableSchema schema =
                load(FormatTestUtils.DESCRIPTOR_SET.toUri().toString(), "shop.v1.Order");
        assertThat(decode(schema, ORDER.toByteArray())).isEqualTo(ORDER_ROW);
    }

    @Test
    void descriptorSetWithoutWellKnownTypesUsesProtobufJavasOwn() throws Exception {
        FileDescriptorSet full = FileDescriptorSet.parseFrom(ProtoTestSchemas.descriptorSetBytes());
        FileDescriptorSet.Builder withoutImports = FileDescriptorSet.newBuilder();
        for (FileDescriptorProto file : full.getFileList()) {
            if (!file.getName().startsWith("google/protobuf/")) {
                withoutImports.addFile(file);
            }
        }
        Path set = temp.resolve("no-imports.pb");
        Files.write(set, withoutImports.build().toByteArray());
        ProtoTableSchema schema = load(set.toUri().toString(), "shop.v1.Order");
        assertThat(decode(schema, ORDER.toByteArray())).isEqualTo(ORDER_ROW);
    }

    @Test
    void descriptorSetMissingAnImportSaysWhichAndHow() throws Exception {
        FileDescriptorSet full = FileDescriptorSet.parseFrom(ProtoTestSchemas.descriptorSetBytes());
        FileDescriptorSet.Builder broken = FileDescriptorSet.newBuilder();
        for (FileDescriptorProto file : full.getFileList()) {
            if (!file.getName().equals("shop/common.proto")) {
                broken.addFile(file);
            }
        }
        Path set = temp.resolve("broken.pb");
        Files.write(set, broken.build().toByteArray());
        assertThatThrownBy(() -> load(set.toUri().toString(), "shop.v1.Order"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("rw-protobuf")
                .hasMessageContaining("shop/common.proto")
                .hasMessageContaining("--include_imports")
                .satisfies(
                        e ->
                                assertThat(((SchemaLocationException) e).kind())
                                        .isEqualTo(SchemaLocationException.Kind.INVALID_SCHEMA));
    }

    @Test
    void protoTextWithImportsFromFileMatchesProtoc() throws Exception {
        ProtoTableSchema fromText =
                load(
                        FormatTestUtils.PROTO_DIR.resolve("shop/order.proto").toUri().toString(),
                        "shop.v1.Order");
        ProtoTableSchema fromProtoc =
                load(FormatTestUtils.DESCRIPTOR_SET.toUri().toString(), "shop.v1.Order");
        assertThat(fromText.impliedRowType()).isEqualTo(fromProtoc.impliedRowType());
        assertThat(decode(fromText, ORDER.toByteArray())).isEqualTo(ORDER_ROW);
        assertSameFields(fromText.descriptor(), fromProtoc.descriptor());
        ProtoTableSchema allTypes =
                load(
                        FormatTestUtils.PROTO_DIR.resolve("shop/order.proto").toUri().toString(),
                        "shop.v1.AllTypes");
        assertSameFields(
                allTypes.descriptor(), ProtoTestSchemas.schema("shop.v1.AllTypes").descriptor());
    }

    @Test
    void protoTextWithImportsOverHttp() throws Exception {
        int before = HTTP.requests();
        ProtoTableSchema schema = load(HTTP.url("shop/order.proto"), "shop.v1.Order");
        assertThat(decode(schema, ORDER.toByteArray())).isEqualTo(ORDER_ROW);
        // order.proto, then common.proto looked for next to it (404) and one directory up.
        assertThat(HTTP.requests() - before).isEqualTo(3);
    }

    /**
     * protobuf-java does not check a proto2 string's UTF-8, RisingWave's decoder (prost) does and
     * skips the message: so do we.
     */
    @Test
    void proto2InvalidUtf8FailsNamingTheColumn() {
        ProtoTableSchema schema =
                load(FormatTestUtils.DESCRIPTOR_SET.toUri().toString(), "legacy.Reading");
        // id = 5, label = c3 28.
        byte[] payload = {0x08, 0x05, 0x12, 0x02, (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> decode(schema, payload))
                .hasMessageEndingWith("column `label`: invalid UTF-8 in a string field");
    }

    @Test
    void proto2WithGroupsAndDefaults() throws Exception {
        ProtoTableSchema schema =
                load(FormatTestUtils.DESCRIPTOR_SET.toUri().toString(), "legacy.Reading");
        assertThat(io.flinkrw.formats.schema.ColumnList.toDdl(schema.impliedRowType()))
                .isEqualTo(
                        "`id` BIGINT,\n`label` STRING,\n`level` INT,\n`samples` ARRAY<INT>,\n"
                                + "`extra` ROW<`note` STRING>,\n`status` STRING");
        Descriptor reading = schema.descriptor();
        DynamicMessage extra =
                DynamicMessage.newBuilder(reading.findFieldByName("extra").getMessageType())
                        .setField(
                                reading.findFieldByName("extra")
                                        .getMessageType()
                                        .findFieldByName("note"),
                                "hi")
                        .build();
        FieldDescriptor samples = reading.findFieldByName("samples");
        DynamicMessage message =
                DynamicMessage.newBuilder(reading)
                        .setField(reading.findFieldByName("id"), 5L)
                        .addRepeatedField(samples, 1)
                        .addRepeatedField(samples, 2)
                        .setField(reading.findFieldByName("extra"), extra)
                        .build();
        // proto2: every singular field has presence, so absent ones are NULL (not their default).
        assertThat(decode(schema, message.toByteArray()))
                .isEqualTo(
                        GenericRowData.of(
                                5L,
                                null,
                                null,
                                new GenericArrayData(new Object[] {1, 2}),
                                GenericRowData.of(StringData.fromString("hi")),
                                null));
    }

    @Test
    void groupsInProtoTextAreAClearErrorPointingToDescriptorSets() {
        assertThatThrownBy(
                        () ->
                                load(
                                        FormatTestUtils.PROTO_DIR
                                                .resolve("legacy/reading.proto")
                                                .toUri()
                                                .toString(),
                                        "legacy.Reading"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("reading.proto:14:3: 'group' is not supported")
                .hasMessageContaining("FileDescriptorSet made by protoc");
    }

    @Test
    void messageNames() {
        String set = FormatTestUtils.DESCRIPTOR_SET.toUri().toString();
        assertThat(load(set, ".shop.v1.Order").messageName()).isEqualTo("shop.v1.Order");
        assertThat(load(set, "Order").messageName()).isEqualTo("shop.v1.Order");
        assertThatThrownBy(() -> load(set, "Address"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining("legacy.Address")
                .hasMessageContaining("shop.common.Address");
        assertThatThrownBy(() -> load(set, "shop.v1.Nope"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("message 'shop.v1.Nope' not found")
                .hasMessageContaining("shop.v1.AllTypes")
                .hasMessageContaining("tree.Node");
    }

    @Test
    void recursiveMessageNeedsColumnsWithoutTheRecursiveField() throws Exception {
        ProtoTableSchema schema =
                load(FormatTestUtils.DESCRIPTOR_SET.toUri().toString(), "tree.Node");
        assertThatThrownBy(schema::impliedRowType)
                .hasMessageContaining("circular reference")
                .hasMessageContaining("`children`");
        RowType columns =
                ProtoTestSchemas.row("name", DataTypes.STRING(), "depth", DataTypes.INT());
        Node node =
                Node.newBuilder()
                        .setName("root")
                        .setDepth(0)
                        .addChildren(Node.newBuilder().setName("leaf").setDepth(1))
                        .build();
        RowData row =
                ProtoTestSchemas.deserializer(
                                schema,
                                columns,
                                io.flinkrw.formats.RwDecodingFormat.allFields(columns),
                                false)
                        .deserialize(node.toByteArray());
        assertThat(row).isEqualTo(GenericRowData.of(StringData.fromString("root"), 0));
    }

    @Test
    void textThatDoesNotCompileIsAClearError() throws Exception {
        Path bad = temp.resolve("bad.proto");
        Files.writeString(bad, "syntax = \"proto3\";\nmessage Broken {\n  int32 x = ;\n}\n");
        assertThatThrownBy(() -> load(bad.toUri().toString(), "Broken"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("rw-protobuf: the schema at " + bad.toUri())
                .hasMessageContaining("bad.proto:3");
    }

    @Test
    void missingImportNamesItAndWhereItWasLookedFor() throws Exception {
        Path main = temp.resolve("dir/main.proto");
        Files.createDirectories(main.getParent());
        Files.writeString(
                main,
                "syntax = \"proto3\";\nimport \"missing/dep.proto\";\nmessage M { int32 x = 1; }\n");
        assertThatThrownBy(() -> load(main.toUri().toString(), "M"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("import 'missing/dep.proto' of main.proto not found")
                .hasMessageContaining(temp.resolve("dir").toString() + "/missing/dep.proto")
                .satisfies(
                        e ->
                                assertThat(((SchemaLocationException) e).kind())
                                        .isEqualTo(SchemaLocationException.Kind.NOT_FOUND));
    }

    @Test
    void bytesThatAreNoSchemaAreAClearError() throws Exception {
        Path garbage = temp.resolve("garbage.pb");
        Files.write(garbage, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x13, 0x37});
        assertThatThrownBy(() -> load(garbage.toUri().toString(), "M"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("neither a FileDescriptorSet")
                .isInstanceOf(ValidationException.class);
        Path text = temp.resolve("words.pb");
        Files.writeString(text, "hello world", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(text.toUri().toString(), "M"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessageContaining("words.pb");
    }

    private static void assertSameFields(Descriptor actual, Descriptor expected) {
        assertThat(actual.getFullName()).isEqualTo(expected.getFullName());
        assertThat(actual.getFields()).hasSameSizeAs(expected.getFields());
        for (FieldDescriptor field : expected.getFields()) {
            FieldDescriptor other = actual.findFieldByNumber(field.getNumber());
            assertThat(other.getName()).isEqualTo(field.getName());
            assertThat(other.getType()).as(field.getName()).isEqualTo(field.getType());
            assertThat(other.isRepeated()).as(field.getName()).isEqualTo(field.isRepeated());
            assertThat(other.isPacked()).as(field.getName()).isEqualTo(field.isPacked());
            assertThat(other.hasPresence()).as(field.getName()).isEqualTo(field.hasPresence());
            assertThat(other.isMapField()).as(field.getName()).isEqualTo(field.isMapField());
            if (field.getRealContainingOneof() != null) {
                assertThat(other.getRealContainingOneof().getName())
                        .isEqualTo(field.getRealContainingOneof().getName());
            }
        }
    }
}
