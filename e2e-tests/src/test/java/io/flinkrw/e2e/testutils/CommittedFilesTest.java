package io.flinkrw.e2e.testutils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading committed files while a sink commits: hidden files vanish under the reader. */
class CommittedFilesTest {

    private static final int FILES = 2_000;

    @Test
    void readsWhileInProgressFilesAreRenamedToCommittedOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("part-0"), "0\n", StandardCharsets.UTF_8);
        AtomicBoolean done = new AtomicBoolean();
        // What the filesystem sink does on each checkpoint: an in-progress file becomes visible.
        CompletableFuture<Void> committer =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                for (int i = 1; i <= FILES; i++) {
                                    Path inProgress = dir.resolve(".part-" + i + ".inprogress");
                                    Files.writeString(inProgress, i + "\n", StandardCharsets.UTF_8);
                                    Files.move(inProgress, dir.resolve("part-" + i));
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            } finally {
                                done.set(true);
                            }
                        });

        List<Integer> seen = new ArrayList<>();
        while (!done.get()) {
            seen.add(CommittedFiles.lines(dir).size());
        }
        committer.get(1, TimeUnit.MINUTES);

        assertThat(seen).as("committed lines seen while committing").isSorted();
        assertThat(CommittedFiles.lines(dir)).hasSize(FILES + 1);
    }
}
