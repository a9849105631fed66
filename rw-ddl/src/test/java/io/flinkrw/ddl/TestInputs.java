package io.flinkrw.ddl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The test inputs under src/test/resources: RisingWave statements, golden outputs, schemas. */
final class TestInputs {

    static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
    static final Path GOLDEN = RESOURCES.resolve("golden");
    static final Path SEEDS = RESOURCES.resolve("seeds");
    static final Path SCHEMAS = RESOURCES.resolve("schemas");

    /** Set -Dgolden.update=true to rewrite the expected outputs from the actual ones. */
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private TestInputs() {}

    /** {@code file:///.../schemas}, what ${SCHEMAS} stands for in the golden inputs. */
    static String schemasUri() {
        String uri = SCHEMAS.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces each ${KEY} of {@code values}. */
    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("${" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }

    /** The names (without .rw.sql) of the inputs in {@code dir}, sorted. */
    static List<String> cases(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".rw.sql"))
                    .map(n -> n.substring(0, n.length() - ".rw.sql".length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
