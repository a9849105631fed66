package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.schema.ColumnList;
import io.flinkrw.formats.schema.ColumnMismatchException;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.schema.SchemaFetcher;
import io.flinkrw.formats.schema.SchemaLocation;
import io.flinkrw.formats.schema.SchemaLocationException;
import io.flinkrw.formats.schema.SchemaLocationException.Kind;

import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The protobuf schema a table decodes with: a {@code FileDescriptorSet} (as fetched, or compiled
 * from {@code .proto} text and its imports on the planner side) and the full name of the message
 * each payload holds. It travels inside the deserializer; the task managers only need protobuf-java
 * to rebuild the descriptors.
 */
public final class ProtoTableSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How many directories above the main {@code .proto} file imports are looked for. */
    private static final int IMPORT_ROOT_ANCESTORS = 5;

    private final byte[] descriptorSet;
    private final String messageName;
    private final String origin;

    private transient Descriptor descriptor;

    private ProtoTableSchema(
            byte[] descriptorSet, String messageName, String origin, Descriptor descriptor) {
        this.descriptorSet = descriptorSet;
        this.messageName = messageName;
        this.origin = origin;
        this.descriptor = descriptor;
    }

    /**
     * Fetches the schema at the configured location, a compiled {@code FileDescriptorSet} or {@code
     * .proto} text (with its imports, looked for relative to the file's directory and the
     * directories above it), and finds {@code message} in it.
     */
    public static ProtoTableSchema load(SchemaFetchConfig config, String message) {
        SchemaLocation location = config.location();
        String origin = "schema at " + location;
        try (SchemaFetcher fetcher = new SchemaFetcher(config)) {
            byte[] bytes = fetcher.fetch();
            FileDescriptorSet set = isProtoText(location) ? null : parseSet(bytes);
            if (set == null) {
                String text = text(bytes);
                set = compile(config, fetcher, location, text);
            }
            return fromDescriptorSet(set.toByteArray(), message, origin);
        } catch (IllegalArgumentException e) {
            throw new SchemaLocationException(
                    Kind.INVALID_SCHEMA,
                    String.format(
                            "%s: the %s is not a usable protobuf schema: %s",
                            config.formatName(), origin, e.getMessage()),
                    e);
        }
    }

    /**
     * The schema of {@code message} in a serialized {@code FileDescriptorSet}.
     *
     * @throws IllegalArgumentException when the set does not build or lacks the message
     */
    public static ProtoTableSchema fromDescriptorSet(
            byte[] descriptorSet, String message, String origin) {
        Descriptor descriptor = descriptor(descriptorSet, message);
        return new ProtoTableSchema(descriptorSet, descriptor.getFullName(), origin, descriptor);
    }

    private static Descriptor descriptor(byte[] descriptorSet, String message) {
        try {
            Map<String, FileDescriptor> files =
                    ProtoDescriptors.build(FileDescriptorSet.parseFrom(descriptorSet));
            return ProtoDescriptors.findMessage(files, message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a FileDescriptorSet: " + e.getMessage(), e);
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean isProtoText(SchemaLocation location) {
        return location.fileName().toLowerCase(Locale.ROOT).endsWith(".proto");
    }

    /** The bytes as a FileDescriptorSet, or null when they are not one (then: text). */
    private static FileDescriptorSet parseSet(byte[] bytes) {
        try {
            FileDescriptorSet set = FileDescriptorSet.parseFrom(bytes);
            if (set.getFileCount() == 0 || !set.getUnknownFields().asMap().isEmpty()) {
                return null;
            }
            for (var file : set.getFileList()) {
                if (!file.hasName() || file.getName().isEmpty()) {
                    return null;
                }
            }
            return set;
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "it is neither a FileDescriptorSet (protoc --include_imports"
                            + " --descriptor_set_out) nor .proto text");
        }
    }

    private static FileDescriptorSet compile(
            SchemaFetchConfig config, SchemaFetcher fetcher, SchemaLocation main, String text) {
        List<SchemaLocation> roots = new ArrayList<>(main.directories(IMPORT_ROOT_ANCESTORS));
        return ProtoTextCompiler.compile(
                main.fileName(),
                text,
                (importPath, importer) -> {
                    List<String> tried = new ArrayList<>();
                    for (SchemaLocation root : roots) {
                        SchemaLocation candidate = root.resolve(importPath);
                        try {
                            byte[] bytes = fetcher.fetch(candidate);
                            // Later imports are looked for in the directory that had this one.
                            roots.remove(root);
                            roots.add(0, root);
                            return text(bytes);
                        } catch (SchemaLocationException e) {
                            if (e.kind() != Kind.NOT_FOUND) {
                                throw e;
                            }
                            tried.add(candidate.toString());
                        }
                    }
                    throw new SchemaLocationException(
                            Kind.NOT_FOUND,
                            String.format(
                                    "%s: import '%s' of %s not found; looked at %s",
                                    config.formatName(),
                                    importPath,
                                    importer,
                                    String.join(", ", tried)));
                });
    }

    /** The message each payload holds. */
    public Descriptor descriptor() {
        if (descriptor == null) {
            descriptor = descriptor(descriptorSet, messageName);
        }
        return descriptor;
    }

    /** The message's full name. */
    public String messageName() {
        return messageName;
    }

    /** The serialized {@code FileDescriptorSet}. */
    public byte[] descriptorSet() {
        return descriptorSet.clone();
    }

    /** What the schema is, for messages. */
    public String description() {
        return "message " + messageName + " in the " + origin;
    }

    /** The columns the message implies (RisingWave's type mapping). */
    public RowType impliedRowType() {
        return ProtoTypeMapping.rowTypeOf(descriptor());
    }

    /**
     * Checks the declared columns by name and type; a mismatch names the column and prints the
     * column list the message implies.
     */
    public void checkColumns(String formatName, RowType declared) {
        try {
            ProtoPlanner.plan(descriptor(), FieldSelection.all(declared));
        } catch (ColumnMismatchException e) {
            RowType implied = null;
            String impliedError = null;
            try {
                implied = impliedRowType();
            } catch (ColumnMismatchException derivation) {
                impliedError = derivation.getMessage();
            }
            throw ColumnList.mismatch(
                    formatName, description(), e.columnPath(), e.problem(), implied, impliedError);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProtoTableSchema)) {
            return false;
        }
        ProtoTableSchema that = (ProtoTableSchema) o;
        return Arrays.equals(descriptorSet, that.descriptorSet)
                && messageName.equals(that.messageName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(descriptorSet), messageName);
    }

    @Override
    public String toString() {
        return description();
    }
}
