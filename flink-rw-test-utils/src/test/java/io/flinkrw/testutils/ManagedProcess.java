package io.flinkrw.testutils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process started by a test: its output goes to a log file, it is stopped by PID, and it
 * never outlives the JVM that started it.
 *
 * <p>Three mechanisms guarantee the last point: the owner stops it (normally from a JUnit
 * callback), a shutdown hook kills whatever is still running when the JVM exits, and a tiny
 * watchdog shell process kills it when the JVM is gone without running its hooks (kill -9, a
 * surefire fork timeout).
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> RUNNING.forEach(ManagedProcess::kill),
                                "flinkrw-managed-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Process watchdog;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Process watchdog, Path logFile) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir} with the extra environment {@code env}; stdout and
     * stderr go to {@code logFile}.
     */
    public static ManagedProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> env,
            Path logFile) {
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Process watchdog = startWatchdog(process.pid());
            ManagedProcess managed = new ManagedProcess(name, process, watchdog, logFile);
            RUNNING.add(managed);
            LOG.info("Started {} (pid {}): {}", name, process.pid(), String.join(" ", command));
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
    }

    /** Kills {@code pid} as soon as this JVM is gone; ends by itself when the child is gone. */
    private static Process startWatchdog(long childPid) throws IOException {
        long jvmPid = ProcessHandle.current().pid();
        String script =
                "while kill -0 "
                        + jvmPid
                        + " 2>/dev/null && kill -0 "
                        + childPid
                        + " 2>/dev/null; do sleep 1; done; kill -9 "
                        + childPid
                        + " 2>/dev/null; exit 0";
        return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code condition} holds, failing early with the process log when the process dies
     * first.
     */
    public void awaitReady(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name
                                + " exited with code "
                                + process.exitValue()
                                + " before it was ready. Log:\n"
                                + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name + " was not ready within " + timeout + ". Log:\n" + logTail());
            }
            try {
                process.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("Interrupted while starting " + name, e);
            }
        }
    }

    /**
     * Waits until a process meant to end by itself (a command-line client) has exited and returns
     * its exit code. When it is still running after {@code timeout} it is killed and this fails
     * with the end of its log.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(
                        name + " did not exit within " + timeout + ". Log:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
        kill();
        return process.exitValue();
    }

    /** Whether the process log contains {@code text}. */
    public boolean logContains(String text) {
        return readLog().contains(text);
    }

    /** The last lines of the log, for error messages. */
    public String logTail() {
        String log = readLog();
        List<String> lines = new ArrayList<>(List.of(log.split("\n")));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private String readLog() {
        try {
            return Files.exists(logFile)
                    ? new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    : "";
        } catch (IOException e) {
            return "<log unreadable: " + e + ">";
        }
    }

    /** SIGTERM, then SIGKILL when the process has not exited after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.info("{} (pid {}) ignored SIGTERM for {}; killing", name, pid(), grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** SIGKILL, as {@code kill -9} would; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        watchdog.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        RUNNING.remove(this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
