package io.flinkrw.e2e.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads what Flink's {@code filesystem} sink has committed under a directory: the lines of every
 * visible file. In-progress and pending files are hidden ({@code .part-...}), so a reader sees only
 * data a checkpoint (or the end of a bounded job) committed.
 */
public final class CommittedFiles {

    private CommittedFiles() {}

    /** Every line of every committed file under {@code dir}; empty when the directory is absent. */
    public static List<String> lines(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .filter(file -> isVisible(dir.relativize(file)))
                            .sorted()
                            .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            try {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isEmpty())
                        .forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static boolean isVisible(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return false;
            }
        }
        return true;
    }
}
