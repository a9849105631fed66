package io.flinkrw.formats.testutils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The formats' test schemas as files, read from the class path (this module's test-jar), for tests
 * that serve them from a directory, over HTTP or from S3.
 */
public final class TestSchemaFiles {

    /**
     * protoc's FileDescriptorSet of the test {@code .proto} files, imports included (RisingWave's
     * form of a Protobuf schema): messages {@code shop.v1.Order}, {@code shop.v1.AllTypes}, ...
     */
    public static final String DESCRIPTOR_SET = "shop.pb";

    /** {@code .proto} text of package {@code shop.v1}; imports {@link #COMMON_PROTO}. */
    public static final String ORDER_PROTO = "shop/order.proto";

    /** {@code .proto} text of package {@code shop.common}: {@code Address}, {@code Kind}. */
    public static final String COMMON_PROTO = "shop/common.proto";

    /**
     * An Avro record {@code shop.v1.Order}: a decimal, a timestamp, a nullable record, an enum, an
     * array and a map.
     */
    public static final String ORDER_AVSC = "order.avsc";

    private static final Map<String, String> RESOURCES = resources();

    private TestSchemaFiles() {}

    private static Map<String, String> resources() {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put(DESCRIPTOR_SET, "io/flinkrw/formats/testutils/test-schemas.pb");
        resources.put(ORDER_PROTO, "shop/order.proto");
        resources.put(COMMON_PROTO, "shop/common.proto");
        resources.put(ORDER_AVSC, "io/flinkrw/formats/testutils/order.avsc");
        return resources;
    }

    /** The bytes of test schema {@code file} (one of this class's constants). */
    public static byte[] read(String file) {
        String resource = RESOURCES.get(file);
        if (resource == null) {
            throw new IllegalArgumentException(
                    "No test schema " + file + "; there are " + RESOURCES.keySet());
        }
        try (InputStream in =
                TestSchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Test schema " + resource + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every test schema: its relative path to its bytes. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        RESOURCES.keySet().forEach(file -> files.put(file, read(file)));
        return files;
    }

    /** Writes every test schema into {@code dir}, at its relative path. */
    public static void writeTo(Path dir) {
        try {
            for (Map.Entry<String, byte[]> file : all().entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
