package io.flinkrw.e2e.bench.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link BenchmarkChild} process: its command line and output go to a log file, {@link
 * #hasReadFirstRecord} tells whether it has read its first record, {@link #awaitResult} returns its
 * result line. It never outlives the benchmark: it is killed when it is closed, and by a shutdown
 * hook.
 */
final class ChildJvm implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> RUNNING.forEach(Process::destroyForcibly),
                                "benchmark-child-reaper"));
    }

    private final Process process;
    private final Path log;
    private final List<String> command;
    private final CompletableFuture<Void> firstRecord = new CompletableFuture<>();
    private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();

    private ChildJvm(Process process, Path log, List<String> command) {
        this.process = process;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts {@link BenchmarkChild} with {@code jvmOptions}, {@code classpath} and {@code params}.
     */
    static ChildJvm start(
            List<String> jvmOptions, String classpath, Map<String, String> params, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(BenchmarkChild.class.getName());
        params.forEach((key, value) -> command.add(key + "=" + value));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            RUNNING.add(process);
            ChildJvm child = new ChildJvm(process, log, command);
            Thread pump = new Thread(child::pumpOutput, "benchmark-child-output");
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    private void pumpOutput() {
        try (BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(
                                        process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
            file.println("COMMAND " + String.join(" ", command));
            String line;
            while ((line = out.readLine()) != null) {
                file.println(line);
                if (line.equals("FIRST_RECORD")) {
                    firstRecord.complete(null);
                } else if (line.startsWith("RESULT ")) {
                    result.complete(parse(line.substring("RESULT ".length())));
                } else if (line.startsWith("FAILED ")) {
                    result.completeExceptionally(
                            new IllegalStateException(
                                    line.substring("FAILED ".length()) + " (log: " + log + ")"));
                }
            }
        } catch (IOException e) {
            result.completeExceptionally(e);
        }
        result.completeExceptionally(
                new IllegalStateException("The child JVM exited without a result; log: " + log));
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.trim().split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }

    /** Whether the child has read its first record; fails when it ended before. */
    boolean hasReadFirstRecord() {
        if (!firstRecord.isDone() && result.isDone()) {
            throw new IllegalStateException(
                    "The child JVM ended before it read anything: " + result.join());
        }
        return firstRecord.isDone();
    }

    /** Waits for the result line; kills the child after {@code timeout}. */
    Map<String, String> awaitResult(Duration timeout) throws Exception {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("No result within " + timeout + "; log: " + log);
        }
    }

    /** Waits a little for the child to exit by itself, then kills it. */
    @Override
    public void close() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        RUNNING.remove(process);
    }
}
