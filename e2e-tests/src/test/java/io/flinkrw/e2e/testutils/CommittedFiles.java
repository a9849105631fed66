package io.flinkrw.e2e.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

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
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(
                    dir,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path subDir, BasicFileAttributes attributes) {
                            return subDir.equals(dir) || isVisible(subDir)
                                    ? FileVisitResult.CONTINUE
                                    : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(
                                Path file, BasicFileAttributes attributes) {
                            if (attributes.isRegularFile() && isVisible(file)) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e)
                                throws IOException {
                            // The sink renames hidden files while it runs: one listed a moment
                            // ago may be gone.
                            if (e instanceof NoSuchFileException && !isVisible(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
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

    /** Whether the sink has committed {@code path}: hidden files have a name with . or _ first. */
    private static boolean isVisible(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && !name.startsWith("_");
    }
}
