package io.flinkrw.testutils;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3-compatible server for one test class (or one test): s3rver, pinned in {@code
 * tools/emulators}, on a port it picks itself on the loopback interface, with its objects in the
 * server's work directory. It checks request signatures against its one key pair ({@link
 * #accessKeyId()}, {@link #secretAccessKey()}); address buckets path-style. It cannot read the
 * SDK's {@code aws-chunked} uploads: clients that put objects disable chunked encoding ({@code
 * S3Configuration.builder().chunkedEncodingEnabled(false)}) and request checksums ({@code
 * RequestChecksumCalculation.WHEN_REQUIRED}).
 *
 * <pre>{@code
 * @RegisterExtension static final S3Server S3 = S3Server.withBuckets("schemas");
 * }</pre>
 */
public final class S3Server extends TestServer {

    /** The region clients sign for; s3rver accepts any. */
    public static final String REGION = "us-east-1";

    private static final Pattern LISTENING =
            Pattern.compile("S3rver listening on 127\\.0\\.0\\.1:(\\d+)");

    private final List<String> buckets;
    private ManagedProcess process;
    private int port = -1;

    private S3Server(List<String> buckets) {
        this.buckets = buckets;
    }

    /** A server without buckets. */
    public static S3Server create() {
        return new S3Server(List.of());
    }

    /** A server that has these (empty) buckets from the start. */
    public static S3Server withBuckets(String... buckets) {
        return new S3Server(List.copyOf(Arrays.asList(buckets)));
    }

    @Override
    protected String name() {
        return "s3rver";
    }

    @Override
    protected void startProcess(Path workDir) throws Exception {
        Path script = TestBinaries.emulatorScript("s3rver", "bin/s3rver.js");
        Path data = Files.createDirectories(workDir.resolve("data"));
        List<String> command = new ArrayList<>();
        command.add(TestBinaries.node());
        command.add(script.toString());
        command.addAll(List.of("-d", data.toString(), "-a", "127.0.0.1", "-p", "0"));
        for (String bucket : buckets) {
            command.add("--configure-bucket");
            command.add(bucket);
        }
        Path log = workDir.resolve("s3rver.log");
        process = ManagedProcess.start(name(), command, workDir, Map.of(), log);
        process.awaitReady(() -> listeningPort(log) > 0, Duration.ofSeconds(30));
        port = listeningPort(log);
    }

    private static int listeningPort(Path log) {
        try {
            Matcher matcher = LISTENING.matcher(Files.readString(log));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    protected void stopProcess() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
        port = -1;
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The HTTP endpoint, for path-style clients. */
    public URI endpoint() {
        if (port < 0) {
            throw new IllegalStateException("s3rver has not been started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    public String region() {
        return REGION;
    }

    /** The access key id s3rver knows. */
    public String accessKeyId() {
        return "S3RVER";
    }

    /** The secret access key s3rver knows. */
    public String secretAccessKey() {
        return "S3RVER";
    }

    @Override
    public String toString() {
        return name() + (port > 0 ? "(" + endpoint() + ")" : "");
    }
}
