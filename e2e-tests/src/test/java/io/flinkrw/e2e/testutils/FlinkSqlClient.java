package io.flinkrw.e2e.testutils;

import io.flinkrw.testutils.ManagedProcess;

import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL scripts with the Flink SQL client against a {@link FlinkCluster}, as a user would:
 * {@code SqlClient embedded -f script.sql --jar ...} in its own JVM, with the cluster's {@code
 * FLINK_CONF_DIR} and the history file inside the cluster's work directory.
 *
 * <p>The SQL client exits 0 even when a statement fails; this runner reads its output instead and
 * throws {@link SqlScriptFailedException} on {@code [ERROR]}. {@code INSERT} statements are
 * submitted asynchronously (unless the script sets {@code table.dml-sync}): await the returned job
 * ids through {@link FlinkCluster#rest()}.
 */
public final class FlinkSqlClient {

    private static final Pattern JOB_ID = Pattern.compile("Job ID: ([0-9a-fA-F]{32})");
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\\u001B\\[[;\\d]*m");

    /**
     * Anywhere in the output: the client prints a statement's result right after the echo of its
     * last line, so the mark does not always open a line.
     */
    private static final String ERROR_MARK = "[ERROR]";

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int REPORTED_ERROR_LINES = 60;

    private final FlinkCluster cluster;

    FlinkSqlClient(FlinkCluster cluster) {
        this.cluster = cluster;
    }

    /** Writes {@code script} into the cluster's work directory and runs it. */
    public SqlClientResult run(SqlScript script, Path... jars) {
        int run = cluster.nextSqlClientRun();
        Path file = cluster.workDir().resolve("sql").resolve(run + "-" + script.name() + ".sql");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, script.render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(file, run, jars);
    }

    /** Runs the script file with each of {@code jars} passed by {@code --jar}. */
    public SqlClientResult run(Path script, Path... jars) {
        return run(script, cluster.nextSqlClientRun(), jars);
    }

    private SqlClientResult run(Path script, int run, Path... jars) {
        String logName = "sql-client-" + run;
        List<String> command = cluster.javaCommand(List.of("-Xmx512m"), logName);
        command.addAll(
                List.of(
                        "-classpath",
                        cluster.sqlClientClasspath(),
                        "org.apache.flink.table.client.SqlClient",
                        "embedded",
                        "--history",
                        cluster.workDir().resolve("sql-client-history").toString(),
                        "-f",
                        script.toString()));
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("No jar at " + jar);
            }
            command.addAll(List.of("--jar", jar.toAbsolutePath().toString()));
        }
        Path outputFile = cluster.logDir().resolve(logName + ".out");
        ManagedProcess client =
                ManagedProcess.start(
                        "Flink SQL client (" + script.getFileName() + ")",
                        command,
                        cluster.workDir(),
                        Map.of("FLINK_CONF_DIR", cluster.confDir().toString()),
                        outputFile);
        int exit = client.awaitExit(TIMEOUT);
        String output;
        try {
            output =
                    ANSI_ESCAPE
                            .matcher(Files.readString(outputFile, StandardCharsets.UTF_8))
                            .replaceAll("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JobID> jobIds = new ArrayList<>();
        Matcher m = JOB_ID.matcher(output);
        while (m.find()) {
            jobIds.add(JobID.fromHexString(m.group(1)));
        }
        int error = output.indexOf(ERROR_MARK);
        if (error >= 0 || exit != 0) {
            String reported = error >= 0 ? output.substring(error) : lastLines(output);
            throw new SqlScriptFailedException(
                    "The SQL client "
                            + (error >= 0 ? "reported an error" : "exited with code " + exit)
                            + " running "
                            + script
                            + " (jobs submitted before: "
                            + jobIds
                            + "; full output in "
                            + outputFile.getFileName()
                            + " among the cluster logs):\n"
                            + firstLines(reported),
                    jobIds);
        }
        return new SqlClientResult(output, outputFile, jobIds);
    }

    private static String firstLines(String text) {
        String[] lines = text.split("\n");
        return String.join(
                "\n", List.of(lines).subList(0, Math.min(lines.length, REPORTED_ERROR_LINES)));
    }

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        return String.join(
                "\n",
                List.of(lines)
                        .subList(Math.max(0, lines.length - REPORTED_ERROR_LINES), lines.length));
    }
}
