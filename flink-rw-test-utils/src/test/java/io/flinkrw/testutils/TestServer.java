package io.flinkrw.testutils;

import org.apache.flink.connector.testframe.TestResource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A server a test starts as a plain process. Registered with {@code @RegisterExtension} on a static
 * field it serves the whole test class; on an instance field each test gets a fresh one. It is also
 * a Flink testframe {@link TestResource}, for {@code @TestExternalSystem}.
 *
 * <p>A class-scoped server that a test stopped or killed is started again before the next test.
 */
public abstract class TestServer
        implements BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                TestResource,
                AutoCloseable {

    private boolean classScoped;
    private Path workDir;

    /** Starts the process in {@code workDir}; called only when it is not running. */
    protected abstract void startProcess(Path workDir) throws Exception;

    /** Stops the process; must be safe when it is not running. */
    protected abstract void stopProcess();

    /** Whether the process is running. */
    public abstract boolean isRunning();

    /** A short name for directories and messages. */
    protected abstract String name();

    /** The directory that holds this server's data, configuration and log. */
    public Path workDir() {
        if (workDir == null) {
            try {
                Path base = Path.of(System.getProperty("java.io.tmpdir"));
                Files.createDirectories(base);
                workDir = Files.createTempDirectory(base, name() + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return workDir;
    }

    /** Starts the server if it is not running (idempotent). */
    @Override
    public void startUp() {
        if (isRunning()) {
            return;
        }
        try {
            startProcess(workDir());
        } catch (RuntimeException e) {
            stopProcess();
            throw e;
        } catch (Exception e) {
            stopProcess();
            throw new IllegalStateException("Could not start " + name(), e);
        }
    }

    /** Stops the server and deletes its directory; safe without a start. */
    @Override
    public void tearDown() {
        stopProcess();
        if (workDir != null) {
            deleteRecursively(workDir);
            workDir = null;
        }
    }

    @Override
    public void close() {
        tearDown();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScoped = true;
        startUp();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        tearDown();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startUp();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            tearDown();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
