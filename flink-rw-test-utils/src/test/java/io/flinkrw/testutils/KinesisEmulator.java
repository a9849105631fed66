package io.flinkrw.testutils;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kinesis-compatible server for one test class (or one test), started from the npm packages
 * pinned in {@code tools/emulators} and killed by PID.
 *
 * <ul>
 *   <li>{@link #kinesisLocal()}: kinesis-mock, the emulator with the widest API (enhanced fan-out
 *       over HTTP/2, UpdateShardCount, ShardFilter, ChildShards). Plain HTTP (with h2c) and HTTPS
 *       ports. Slow to ingest: keep its streams to a few tens of thousands of records.
 *   <li>{@link #kinesalite()}: fast, for volume. It cannot parse the SDK's CBOR, so while it runs
 *       this JVM's {@code aws.cborEnabled} system property is {@code false}; clients must be built
 *       after {@link #startUp()}.
 * </ul>
 *
 * <p>Both accept any credentials; use {@link #accessKeyId()} and {@link #secretAccessKey()}.
 */
public final class KinesisEmulator extends TestServer {

    /** The region the emulators answer for. */
    public static final String REGION = "us-east-1";

    /** The account id kinesis-local puts in ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    private static final String CBOR_PROPERTY = "aws.cborEnabled";
    private static final Pattern KINESALITE_ADDRESS =
            Pattern.compile("Listening at http://127\\.0\\.0\\.1:(\\d+)");
    private static final int BIND_ATTEMPTS = 3;

    /** Which emulator. */
    public enum Kind {
        KINESIS_LOCAL,
        KINESALITE
    }

    private final Kind kind;
    private final int shardLimit;
    private final Duration wallClockStep;
    private ManagedProcess process;
    private int port = -1;
    private int tlsPort = -1;
    private String previousCborSetting;
    private boolean cborOverridden;

    private KinesisEmulator(Kind kind, int shardLimit, Duration wallClockStep) {
        this.kind = kind;
        this.shardLimit = shardLimit;
        this.wallClockStep = wallClockStep;
    }

    /** kinesis-local (kinesis-mock) with a shard limit of 100. */
    public static KinesisEmulator kinesisLocal() {
        return new KinesisEmulator(Kind.KINESIS_LOCAL, 100, Duration.ZERO);
    }

    /** kinesalite, in memory, with a shard limit of 100. */
    public static KinesisEmulator kinesalite() {
        return new KinesisEmulator(Kind.KINESALITE, 100, Duration.ZERO);
    }

    /** The same emulator with another limit on the shards of all streams together. */
    public KinesisEmulator withShardLimit(int limit) {
        return new KinesisEmulator(kind, limit, wallClockStep);
    }

    /**
     * The same emulator on a machine whose wall clock moves by {@code step} just after the emulator
     * started (to prove the emulator keeps to the wall clock as a real server does).
     */
    KinesisEmulator withWallClockStepAfterStart(Duration step) {
        return new KinesisEmulator(kind, shardLimit, step);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    protected String name() {
        return kind == Kind.KINESIS_LOCAL ? "kinesis-local" : "kinesalite";
    }

    @Override
    protected void startProcess(Path workDir) throws Exception {
        if (kind == Kind.KINESALITE) {
            startKinesalite(workDir);
        } else {
            startKinesisLocal(workDir);
        }
    }

    private void startKinesalite(Path workDir) {
        Path script = TestBinaries.emulatorModules().getParent().resolve("kinesalite-loopback.js");
        TestBinaries.emulatorScript("kinesalite", "index.js");
        Path log = workDir.resolve("kinesalite.log");
        ManagedProcess started =
                ManagedProcess.start(
                        name(),
                        List.of(
                                TestBinaries.node(),
                                script.toString(),
                                "0",
                                String.valueOf(shardLimit)),
                        workDir,
                        Map.of(),
                        log);
        process = started;
        started.awaitReady(() -> kinesalitePort(log) > 0, Duration.ofSeconds(30));
        port = kinesalitePort(log);
        previousCborSetting = System.getProperty(CBOR_PROPERTY);
        cborOverridden = true;
        System.setProperty(CBOR_PROPERTY, "false");
    }

    private static int kinesalitePort(Path log) {
        try {
            Matcher m = KINESALITE_ADDRESS.matcher(Files.readString(log));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** kinesis-local cannot pick its own ports: pick free ones, and retry if one was taken. */
    private void startKinesisLocal(Path workDir) {
        Path main = TestBinaries.emulatorScript("kinesis-local", "main.js");
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int plain = FreePorts.pick();
            int tls = FreePorts.pick();
            Map<String, String> env = new HashMap<>();
            env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plain));
            env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(tls));
            env.put("KINESIS_MOCK_CERT_PATH", main.resolveSibling("server.json").toString());
            env.put("SHARD_LIMIT", String.valueOf(shardLimit));
            env.put("AWS_ACCOUNT_ID", ACCOUNT_ID);
            env.put("AWS_REGION", REGION);
            env.put("LOG_LEVEL", "WARN");
            env.put("CLOCK_STEP_MS", String.valueOf(wallClockStep.toMillis()));
            for (String operation :
                    List.of(
                            "CREATE_STREAM",
                            "DELETE_STREAM",
                            "REGISTER_STREAM_CONSUMER",
                            "DEREGISTER_STREAM_CONSUMER",
                            "MERGE_SHARDS",
                            "SPLIT_SHARD",
                            "UPDATE_SHARD_COUNT",
                            "UPDATE_STREAM_MODE",
                            "START_STREAM_ENCRYPTION",
                            "STOP_STREAM_ENCRYPTION")) {
                env.put(operation + "_DURATION", "50ms");
            }
            ManagedProcess started =
                    ManagedProcess.start(
                            name(),
                            nodeCommand(main),
                            workDir,
                            env,
                            workDir.resolve("kinesis-local-" + attempt + ".log"));
            process = started;
            try {
                started.awaitReady(
                        () -> answersHttp(plain) && FreePorts.isListening(tls),
                        Duration.ofSeconds(60));
                port = plain;
                tlsPort = tls;
                return;
            } catch (IllegalStateException e) {
                started.kill();
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private List<String> nodeCommand(Path main) {
        Path wallClock = TestBinaries.emulatorModules().getParent().resolve("wall-clock.js");
        List<String> command =
                new ArrayList<>(List.of(TestBinaries.node(), "--require", wallClock.toString()));
        if (!wallClockStep.isZero()) {
            command.addAll(List.of("--require", resourceFile("wall-clock-step.js").toString()));
        }
        command.add(main.toString());
        return command;
    }

    private static Path resourceFile(String name) {
        try {
            return Path.of(KinesisEmulator.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean answersHttp(int port) {
        try {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(2))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build();
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    protected void stopProcess() {
        if (process != null) {
            // kinesis-local waits ~10 s on SIGTERM while clients hold connections; its state is
            // in memory, so a short grace is enough.
            process.stop(Duration.ofSeconds(1));
            process = null;
        }
        if (cborOverridden) {
            if (previousCborSetting == null) {
                System.clearProperty(CBOR_PROPERTY);
            } else {
                System.setProperty(CBOR_PROPERTY, previousCborSetting);
            }
            cborOverridden = false;
        }
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The plain-HTTP endpoint (HTTP/1.1, and h2c for kinesis-local). */
    public URI endpoint() {
        checkStarted();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The HTTPS endpoint with a self-signed certificate; kinesis-local only. */
    public URI tlsEndpoint() {
        checkStarted();
        if (kind != Kind.KINESIS_LOCAL) {
            throw new IllegalStateException("Only kinesis-local serves HTTPS here");
        }
        return URI.create("https://127.0.0.1:" + tlsPort);
    }

    public String region() {
        return REGION;
    }

    public String accessKeyId() {
        return "AKIAIOSFODNN7EXAMPLE";
    }

    public String secretAccessKey() {
        return "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    }

    public long pid() {
        checkStarted();
        return process.pid();
    }

    /** The ARN the emulator gives the stream {@code name}. */
    public String streamArn(String name) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT_ID + ":stream/" + name;
    }

    private void checkStarted() {
        if (port < 0) {
            throw new IllegalStateException(name() + " has not been started");
        }
    }

    @Override
    public String toString() {
        return name() + (port > 0 ? "(" + endpoint() + ")" : "");
    }
}
