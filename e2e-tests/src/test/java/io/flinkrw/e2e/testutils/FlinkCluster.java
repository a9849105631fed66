package io.flinkrw.e2e.testutils;

import io.flinkrw.testutils.FreePorts;
import io.flinkrw.testutils.ManagedProcess;
import io.flinkrw.testutils.TestServer;

import org.apache.flink.util.Preconditions;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for a test class (or a test): one JobManager and N
 * TaskManagers, each a separate JVM started from the {@link FlinkDistribution} the build assembles,
 * all on 127.0.0.1 with free ports, with every file inside its work directory under {@code
 * target/tmp}. Register it like the other test servers:
 *
 * <pre>{@code
 * @RegisterExtension static final FlinkCluster CLUSTER = FlinkCluster.builder().build();
 * ... CLUSTER.sqlClient().run(script, connectorSqlJar) ... CLUSTER.rest().awaitJobStatus(...)
 * }</pre>
 *
 * <p>The JVMs are started the way the distribution's scripts start them: memory flags and dynamic
 * properties computed by {@code BashJavaUtils}, the Java 17 module flags, one log and one stdout
 * file per JVM (the REST API serves a TaskManager's stdout, where the {@code print} sink writes).
 * The cluster is ready when the REST API shows every TaskManager and all their slots. A TaskManager
 * can be killed with SIGKILL and replaced; the processes never outlive the test JVM ({@link
 * ManagedProcess}). When the cluster stops, its logs are kept in {@code target/tmp/flink-logs/<test
 * class>}.
 */
public final class FlinkCluster extends TestServer {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);

    /**
     * JVM options for a quick start, measured on 2 cores: C1 only and the serial collector. The
     * test jobs are small, so peak speed matters less than start-up.
     */
    public static final List<String> QUICK_START_JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final String RESOURCES = "/flink-cluster/";
    private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final int initialTaskManagers;
    private final int slotsPerTaskManager;
    private final Map<String, String> configOverrides;
    private final List<String> tuningOptions;
    private final List<Path> libJars;

    private FlinkDistribution distribution;
    private String testClassName;
    private ManagedProcess jobManager;
    private final Map<String, ManagedProcess> taskManagers = new LinkedHashMap<>();
    private int taskManagersStarted;
    private List<String> jobManagerResourceArgs;
    private List<String> taskManagerResourceArgs;
    private boolean hasLogs;
    private int restPort = -1;
    private FlinkRestClient rest;
    private int sqlClientRuns;

    private FlinkCluster(Builder builder) {
        this.initialTaskManagers = builder.taskManagers;
        this.slotsPerTaskManager = builder.slotsPerTaskManager;
        this.configOverrides = new LinkedHashMap<>(builder.config);
        this.tuningOptions = List.copyOf(builder.tuningOptions);
        this.libJars = List.copyOf(builder.libJars);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected String name() {
        return "flink-cluster";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        testClassName = context.getRequiredTestClass().getSimpleName();
        super.beforeAll(context);
    }

    // ------------------------------------------------------------------------------------------
    // Start and stop
    // ------------------------------------------------------------------------------------------

    @Override
    protected void startProcess(Path workDir) throws Exception {
        long start = System.nanoTime();
        distribution = FlinkDistribution.assembled();
        for (String dir : List.of("conf", "log", "tmp", "checkpoints", "savepoints")) {
            Files.createDirectories(workDir.resolve(dir));
        }
        copyResource("log4j.properties", confDir().resolve("log4j.properties"));
        hasLogs = true;
        writeConfigWithFreePorts(workDir);
        computeResourceArgs();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                writeConfigWithFreePorts(workDir);
            }
            startJobManager();
            for (int i = 0; i < initialTaskManagers; i++) {
                startTaskManagerProcess();
            }
            try {
                awaitTaskManagers();
                break;
            } catch (IllegalStateException e) {
                boolean portTaken =
                        !jobManager.isAlive()
                                && (jobManager.logContains("BindException")
                                        || jobManager.logContains("Address already in use"));
                stopProcess();
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw e;
                }
                LOG.info("A port was taken before the JobManager bound it; trying new ports");
            }
        }
        LOG.info(
                "Flink cluster with {} TaskManagers ready at {} in {} ms (work dir {})",
                initialTaskManagers,
                restUrl(),
                (System.nanoTime() - start) / 1_000_000,
                workDir);
    }

    private void writeConfigWithFreePorts(Path workDir) throws IOException {
        int rpcPort = FreePorts.pick();
        int port = FreePorts.pick();
        while (port == rpcPort) {
            port = FreePorts.pick();
        }
        writeConfig(workDir, rpcPort, port);
        restPort = port;
        rest = new FlinkRestClient("http://127.0.0.1:" + port);
    }

    /**
     * The memory flags and dynamic properties of the JobManager and the TaskManagers, as the
     * distribution's scripts compute them: BashJavaUtils, in two short JVMs run side by side.
     */
    private void computeResourceArgs() {
        ManagedProcess jm = startBashJavaUtils("GET_JM_RESOURCE_PARAMS", "jm");
        ManagedProcess tm = startBashJavaUtils("GET_TM_RESOURCE_PARAMS", "tm");
        jobManagerResourceArgs = bashJavaUtilsResult(jm);
        taskManagerResourceArgs = bashJavaUtilsResult(tm);
    }

    private ManagedProcess startBashJavaUtils(String command, String suffix) {
        List<String> java = javaCommand(List.of(), "bash-java-utils-" + suffix);
        java.addAll(
                List.of(
                        "-classpath",
                        clusterClasspath(),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        command,
                        "--configDir",
                        confDir().toString()));
        return ManagedProcess.start(
                "BashJavaUtils " + command,
                java,
                workDir(),
                Map.of(),
                logDir().resolve("bash-java-utils-" + suffix + ".out"));
    }

    /**
     * The JVM flags (first result line) followed by the dynamic properties (second line, {@code -D
     * key=value ...}).
     */
    private static List<String> bashJavaUtilsResult(ManagedProcess process) {
        int exit = process.awaitExit(Duration.ofMinutes(2));
        List<String> lines;
        try (Stream<String> output = Files.lines(process.logFile())) {
            lines =
                    output.filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
                            .map(l -> l.substring(BASH_JAVA_UTILS_PREFIX.length()).trim())
                            .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (exit != 0 || lines.size() < 2) {
            throw new IllegalStateException(
                    process.name() + " failed (exit " + exit + "):\n" + process.logTail());
        }
        List<String> args = new ArrayList<>();
        for (String line : lines.subList(lines.size() - 2, lines.size())) {
            args.addAll(Arrays.asList(line.split("\\s+")));
        }
        return args;
    }

    private void startJobManager() {
        List<String> command = flinkJvm(jobManagerResourceArgs, "jobmanager");
        command.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        command.addAll(List.of("--configDir", confDir().toString()));
        command.addAll(dynamicProperties(jobManagerResourceArgs));
        jobManager =
                ManagedProcess.start(
                        "Flink JobManager",
                        command,
                        workDir(),
                        Map.of(),
                        logDir().resolve("jobmanager.out"));
    }

    private String startTaskManagerProcess() {
        String id = "taskmanager-" + (++taskManagersStarted);
        List<String> command = flinkJvm(taskManagerResourceArgs, id);
        command.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        command.addAll(List.of("--configDir", confDir().toString()));
        command.addAll(dynamicProperties(taskManagerResourceArgs));
        command.addAll(List.of("-D", "taskmanager.resource-id=" + id));
        // The TaskManager serves <log file minus .log>.out as its stdout: the process output.
        taskManagers.put(
                id,
                ManagedProcess.start(
                        "Flink " + id,
                        command,
                        workDir(),
                        Map.of(),
                        logDir().resolve(id + ".out")));
        return id;
    }

    /** {@code java} with the JVM flags from {@code resourceArgs} (those before the first -D). */
    private List<String> flinkJvm(List<String> resourceArgs, String logName) {
        List<String> jvmFlags = new ArrayList<>();
        for (String arg : resourceArgs) {
            if (arg.equals("-D")) {
                break;
            }
            jvmFlags.add(arg);
        }
        List<String> command = javaCommand(jvmFlags, logName);
        command.addAll(List.of("-classpath", clusterClasspath()));
        return command;
    }

    private static List<String> dynamicProperties(List<String> resourceArgs) {
        int first = resourceArgs.indexOf("-D");
        return first < 0 ? List.of() : resourceArgs.subList(first, resourceArgs.size());
    }

    /** {@code java} with the given flags, the module flags, the tuning and the logging setup. */
    List<String> javaCommand(List<String> jvmFlags, String logName) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(moduleOptions());
        command.addAll(tuningOptions);
        command.add("-Djava.io.tmpdir=" + workDir().resolve("tmp"));
        command.add("-Dlog.file=" + logDir().resolve(logName + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
        return command;
    }

    private void awaitTaskManagers() {
        Set<String> expected = taskManagers.keySet();
        int slots = expected.size() * slotsPerTaskManager;
        jobManager.awaitReady(
                () -> {
                    taskManagers.values().forEach(FlinkCluster::checkAlive);
                    return rest.hasTaskManagers(Set.copyOf(expected), slots);
                },
                READY_TIMEOUT);
    }

    private static void checkAlive(ManagedProcess process) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    process.name()
                            + " exited before the cluster was ready. Log:\n"
                            + process.logTail());
        }
    }

    /** SIGTERM to every JVM at once, then SIGKILL to whichever is still running after the grace. */
    @Override
    protected void stopProcess() {
        List<ManagedProcess> all = new ArrayList<>(taskManagers.values());
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
        all.forEach(p -> p.stop(STOP_GRACE));
        taskManagers.clear();
        jobManager = null;
    }

    @Override
    public void tearDown() {
        stopProcess();
        if (hasLogs) {
            keepLogs();
            hasLogs = false;
        }
        super.tearDown();
    }

    private void keepLogs() {
        String name = testClassName != null ? testClassName : workDir().getFileName().toString();
        Path kept =
                Path.of(System.getProperty("java.io.tmpdir")).resolve("flink-logs").resolve(name);
        try {
            if (Files.exists(kept)) {
                try (Stream<Path> old = Files.walk(kept)) {
                    old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(kept.getParent());
            Files.move(logDir(), kept, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Flink cluster logs kept in {}", kept);
        } catch (IOException e) {
            LOG.warn("Could not keep the Flink cluster logs of {}", workDir(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return jobManager != null && jobManager.isAlive();
    }

    // ------------------------------------------------------------------------------------------
    // TaskManagers
    // ------------------------------------------------------------------------------------------

    /** The ids (REST {@code /taskmanagers}) of the TaskManagers this fixture started and runs. */
    public List<String> taskManagerIds() {
        return List.copyOf(taskManagers.keySet());
    }

    /** Kills a TaskManager with SIGKILL ({@code kill -9}) and waits until the process is gone. */
    public void killTaskManager(String taskManagerId) {
        ManagedProcess process = taskManager(taskManagerId);
        LOG.info("Killing {} (pid {}) with SIGKILL", taskManagerId, process.pid());
        process.kill();
        taskManagers.remove(taskManagerId);
    }

    /** Starts one more TaskManager, waits until it has registered, and returns its id. */
    public String startTaskManager() {
        checkRunning();
        String id = startTaskManagerProcess();
        ManagedProcess process = taskManagers.get(id);
        process.awaitReady(
                () -> rest.hasTaskManagers(Set.of(id), slotsPerTaskManager), READY_TIMEOUT);
        return id;
    }

    private ManagedProcess taskManager(String taskManagerId) {
        ManagedProcess process = taskManagers.get(taskManagerId);
        Preconditions.checkArgument(
                process != null,
                "No running TaskManager %s; running: %s",
                taskManagerId,
                taskManagers.keySet());
        return process;
    }

    // ------------------------------------------------------------------------------------------
    // Access
    // ------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:<port>}: the REST API and the web UI. */
    public String restUrl() {
        checkRunning();
        return "http://127.0.0.1:" + restPort;
    }

    public int restPort() {
        checkRunning();
        return restPort;
    }

    public FlinkRestClient rest() {
        checkRunning();
        return rest;
    }

    /** A SQL client runner for this cluster; it runs SQL scripts with the Flink SQL client. */
    public FlinkSqlClient sqlClient() {
        checkRunning();
        return new FlinkSqlClient(this);
    }

    /** The directory holding {@code config.yaml}: the {@code FLINK_CONF_DIR} of clients. */
    public Path confDir() {
        return workDir().resolve("conf");
    }

    /** The directory with one {@code .log} and one {@code .out} file per JVM. */
    public Path logDir() {
        return workDir().resolve("log");
    }

    /** Where jobs write checkpoints ({@code execution.checkpointing.dir}). */
    public Path checkpointDir() {
        return workDir().resolve("checkpoints");
    }

    public FlinkDistribution distribution() {
        checkRunning();
        return distribution;
    }

    /**
     * The classpath of the JobManager and the TaskManagers: the distribution's lib/, then the jars
     * given to {@link Builder#libJar}, as if they were in lib/.
     */
    String clusterClasspath() {
        return withLibJars(distribution.clusterClasspath());
    }

    /** The SQL client's classpath: lib/ (with the extra jars), then opt/. */
    String sqlClientClasspath() {
        return withLibJars(distribution.clusterClasspath())
                + java.io.File.pathSeparator
                + distribution.optClasspath();
    }

    private String withLibJars(String classpath) {
        StringBuilder result = new StringBuilder(classpath);
        for (Path jar : libJars) {
            result.append(java.io.File.pathSeparator).append(jar.toAbsolutePath());
        }
        return result.toString();
    }

    int nextSqlClientRun() {
        return ++sqlClientRuns;
    }

    private void checkRunning() {
        if (jobManager == null) {
            throw new IllegalStateException("The Flink cluster has not been started");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Configuration files
    // ------------------------------------------------------------------------------------------

    private void writeConfig(Path workDir, int rpcPort, int restPort) throws IOException {
        String template =
                readResource("config.yaml")
                        .replace("@RPC_PORT@", String.valueOf(rpcPort))
                        .replace("@REST_PORT@", String.valueOf(restPort))
                        .replace("@SLOTS@", String.valueOf(slotsPerTaskManager))
                        .replace("@WORK_DIR@", workDir.toAbsolutePath().toString());
        List<String> lines = new ArrayList<>(List.of(template.split("\n")));
        configOverrides.forEach(
                (key, value) -> {
                    String line = key + ": " + value;
                    int existing = indexOfKey(lines, key);
                    if (existing >= 0) {
                        lines.set(existing, line);
                    } else {
                        lines.add(line);
                    }
                });
        Files.writeString(
                confDir().resolve("config.yaml"),
                String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private static int indexOfKey(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key + ":")) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> moduleOptions() {
        return Arrays.stream(readResource("jvm.options").split("\n"))
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    private static String readResource(String name) {
        try (InputStream in = FlinkCluster.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.writeString(target, readResource(name), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FlinkCluster" + (restPort > 0 ? "(" + "http://127.0.0.1:" + restPort + ")" : "");
    }

    /** Builds a {@link FlinkCluster}. */
    public static final class Builder {
        private int taskManagers = 2;
        private int slotsPerTaskManager = 2;
        private final Map<String, String> config = new LinkedHashMap<>();
        private List<String> tuningOptions = QUICK_START_JVM_OPTIONS;
        private final List<Path> libJars = new ArrayList<>();

        private Builder() {}

        /** The number of TaskManagers started with the cluster (default 2). */
        public Builder taskManagers(int count) {
            Preconditions.checkArgument(count >= 1, "At least one TaskManager");
            this.taskManagers = count;
            return this;
        }

        /** {@code taskmanager.numberOfTaskSlots} (default 2). */
        public Builder slotsPerTaskManager(int slots) {
            Preconditions.checkArgument(slots >= 1, "At least one slot");
            this.slotsPerTaskManager = slots;
            return this;
        }

        /** Sets a {@code config.yaml} key, replacing the harness's value if it has one. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /**
         * Replaces {@link #QUICK_START_JVM_OPTIONS} for the cluster's JVMs, e.g. with {@code
         * -XX:+UseParallelGC} for a benchmark.
         */
        public Builder tuningOptions(String... options) {
            this.tuningOptions = List.of(options);
            return this;
        }

        /**
         * Deploys {@code jar} as if it were in the distribution's lib/: on the classpath of the
         * JobManager, every TaskManager and the SQL client.
         */
        public Builder libJar(Path jar) {
            Preconditions.checkArgument(Files.isRegularFile(jar), "No jar at %s", jar);
            libJars.add(jar);
            return this;
        }

        public FlinkCluster build() {
            return new FlinkCluster(this);
        }
    }
}
