package io.flinkrw.testutils;

import io.nats.client.Options;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code nats-server} with JetStream for one test class (or one test): bound to 127.0.0.1 on a
 * port it picks itself, storing into its own directory, stopped by PID.
 *
 * <p>Variants: plain; users with passwords ({@link Builder#user}, {@link Builder#readOnlyUser});
 * operator mode with JWTs ({@link Builder#operatorMode}), where {@link #operator()} issues user
 * credentials; and TLS with a self-signed certificate made for the test ({@link Builder#tls()}) or
 * a given one ({@link Builder#tls(TestCertificateAuthority.IssuedCertificate)}).
 *
 * <pre>{@code
 * @RegisterExtension static final NatsServer NATS = NatsServer.builder().tls().build();
 * ... Options.builder().server(NATS.url()).sslContext(NATS.sslContext()) ...
 * }</pre>
 *
 * <p>{@link #kill()} is {@code kill -9}; {@link #startUp()} afterwards restarts the server on the
 * same port with the same JetStream store, as an operator restarting a crashed server would.
 */
public final class NatsServer extends TestServer {

    /** The subjects a read-only user may publish to: the JetStream API calls a reader needs. */
    private static final List<String> READER_API_SUBJECTS =
            List.of(
                    "$JS.API.INFO",
                    "$JS.API.STREAM.INFO.>",
                    "$JS.API.STREAM.NAMES",
                    "$JS.API.STREAM.LIST",
                    "$JS.API.CONSUMER.CREATE.>",
                    "$JS.API.CONSUMER.DURABLE.CREATE.>",
                    "$JS.API.CONSUMER.INFO.>",
                    "$JS.API.CONSUMER.DELETE.>",
                    "$JS.API.CONSUMER.MSG.NEXT.>",
                    "$JS.ACK.>",
                    "$JS.FC.>");

    private static final Pattern PORTS_FILE_URL =
            Pattern.compile("\"(?:nats|tls)://[^\"]*:(\\d+)\"");

    private final List<User> users;
    private final boolean operatorMode;
    private final boolean tls;
    private final TestCertificateAuthority.IssuedCertificate issuedCertificate;

    private NatsOperator operator;
    private SelfSignedCertificate certificate;
    private ManagedProcess process;
    private int port = -1;

    private NatsServer(Builder builder) {
        this.users = List.copyOf(builder.users);
        this.operatorMode = builder.operatorMode;
        this.tls = builder.tls || builder.issuedCertificate != null;
        this.issuedCertificate = builder.issuedCertificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plain server: no authentication, no TLS. */
    public static NatsServer plain() {
        return builder().build();
    }

    @Override
    protected String name() {
        return "nats-server";
    }

    @Override
    protected void startProcess(Path workDir) throws Exception {
        Path config = workDir.resolve("nats.conf");
        if (!Files.exists(config)) {
            Files.writeString(config, configText(workDir), StandardCharsets.UTF_8);
        }
        Path portsDir = Files.createDirectories(workDir.resolve("ports"));
        try (Stream<Path> stale = Files.list(portsDir)) {
            stale.forEach(p -> p.toFile().delete());
        }
        List<String> command = new ArrayList<>();
        command.add(TestBinaries.natsServer());
        command.addAll(List.of("-c", config.toString(), "-a", "127.0.0.1"));
        command.addAll(
                List.of("-p", String.valueOf(port), "--ports_file_dir", portsDir.toString()));
        command.addAll(List.of("-js", "-sd", workDir.resolve("jetstream").toString()));
        ManagedProcess started =
                ManagedProcess.start(
                        name(), command, workDir, Map.of(), workDir.resolve("nats-server.log"));
        process = started;
        started.awaitReady(
                () -> started.logContains("Server is ready") && readPort(portsDir) > 0,
                Duration.ofSeconds(30));
        port = readPort(portsDir);
    }

    private static int readPort(Path portsDir) {
        try (Stream<Path> files = Files.list(portsDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = PORTS_FILE_URL.matcher(Files.readString(file));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private String configText(Path workDir) throws Exception {
        StringBuilder conf = new StringBuilder();
        if (tls) {
            Path certificatePem;
            Path privateKeyPem;
            if (issuedCertificate != null) {
                certificatePem = issuedCertificate.certificatePem();
                privateKeyPem = issuedCertificate.privateKeyPem();
            } else {
                certificate = SelfSignedCertificate.create(workDir.resolve("tls"));
                certificatePem = certificate.certificatePem();
                privateKeyPem = certificate.privateKeyPem();
            }
            conf.append("tls {\n")
                    .append("  cert_file: \"")
                    .append(certificatePem)
                    .append("\"\n  key_file: \"")
                    .append(privateKeyPem)
                    .append("\"\n}\n");
        }
        if (operatorMode) {
            operator = NatsOperator.create();
            Path operatorJwt = workDir.resolve("operator.jwt");
            Files.writeString(operatorJwt, operator.operatorJwt());
            conf.append("operator: \"").append(operatorJwt).append("\"\n");
            conf.append("system_account: ").append(operator.systemAccountPublicKey()).append('\n');
            conf.append("resolver: MEMORY\nresolver_preload: {\n");
            conf.append("  ")
                    .append(operator.systemAccountPublicKey())
                    .append(": \"")
                    .append(operator.systemAccountJwt())
                    .append("\"\n");
            conf.append("  ")
                    .append(operator.accountPublicKey())
                    .append(": \"")
                    .append(operator.accountJwt())
                    .append("\"\n}\n");
        }
        if (!users.isEmpty()) {
            conf.append("authorization {\n  users = [\n");
            for (User user : users) {
                conf.append("    { user: ")
                        .append(quote(user.name))
                        .append(", password: ")
                        .append(quote(user.password));
                if (user.subscribeSubjects != null) {
                    List<String> subscribe = new ArrayList<>(List.of("_INBOX.>"));
                    subscribe.addAll(user.subscribeSubjects);
                    conf.append(",\n      permissions: {\n        publish: { allow: ")
                            .append(quoteAll(READER_API_SUBJECTS))
                            .append(" }\n        subscribe: { allow: ")
                            .append(quoteAll(subscribe))
                            .append(" }\n      }");
                }
                conf.append(" }\n");
            }
            conf.append("  ]\n}\n");
        }
        return conf.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String quoteAll(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quote(v)));
        return "[" + String.join(", ", quoted) + "]";
    }

    @Override
    protected void stopProcess() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server with SIGKILL, as {@code kill -9} would; its store stays for a restart. */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** The port, stable across {@link #kill()} and restart. */
    public int port() {
        checkStarted();
        return port;
    }

    /** {@code nats://127.0.0.1:port}, or {@code tls://...} for a TLS server. */
    public String url() {
        return (tls ? "tls" : "nats") + "://127.0.0.1:" + port();
    }

    public long pid() {
        checkStarted();
        return process.pid();
    }

    public Path logFile() {
        return workDir().resolve("nats-server.log");
    }

    /** The operator-mode trust chain, which issues user credentials; only with operator mode. */
    public NatsOperator operator() {
        checkStarted();
        if (operator == null) {
            throw new IllegalStateException("This server does not run in operator mode");
        }
        return operator;
    }

    /** The self-signed certificate the server presents; only with {@link Builder#tls()}. */
    public SelfSignedCertificate certificate() {
        checkStarted();
        if (certificate == null) {
            throw new IllegalStateException("This server does not use a self-signed certificate");
        }
        return certificate;
    }

    /** An SSL context that trusts this server's certificate; only with TLS. */
    public SSLContext sslContext() {
        return certificate().sslContext();
    }

    /** jnats options for this server, with the TLS trust when needed and a short timeout. */
    public Options.Builder optionsBuilder() {
        Options.Builder builder =
                new Options.Builder().server(url()).connectionTimeout(Duration.ofSeconds(3));
        if (certificate != null) {
            builder.sslContext(sslContext());
        }
        return builder;
    }

    private void checkStarted() {
        if (port < 0) {
            throw new IllegalStateException("nats-server has not been started");
        }
    }

    @Override
    public String toString() {
        return "NatsServer" + (port > 0 ? "(" + url() + ")" : "");
    }

    /** Builds a {@link NatsServer}. */
    public static final class Builder {
        private final List<User> users = new ArrayList<>();
        private boolean operatorMode;
        private boolean tls;
        private TestCertificateAuthority.IssuedCertificate issuedCertificate;

        private Builder() {}

        /** A user with a password and every permission. */
        public Builder user(String name, String password) {
            users.add(new User(name, password, null));
            return this;
        }

        /**
         * A user with a password who may only call the JetStream API a reader needs and subscribe
         * to {@code subjects} (and its inboxes).
         */
        public Builder readOnlyUser(String name, String password, String... subjects) {
            users.add(new User(name, password, List.of(subjects)));
            return this;
        }

        /** Operator mode: an operator, a system account and a JetStream account, all JWTs. */
        public Builder operatorMode() {
            this.operatorMode = true;
            return this;
        }

        /** TLS with a self-signed certificate for localhost and 127.0.0.1. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * TLS with {@code certificate}, e.g. one a {@link TestCertificateAuthority} issued for
         * other names; clients bring their own trust.
         */
        public Builder tls(TestCertificateAuthority.IssuedCertificate certificate) {
            this.issuedCertificate = certificate;
            return this;
        }

        public NatsServer build() {
            if (operatorMode && !users.isEmpty()) {
                throw new IllegalArgumentException("Operator mode and users exclude each other");
            }
            return new NatsServer(this);
        }
    }

    /** A configured user; {@code subscribeSubjects == null} means every permission. */
    private static final class User {
        final String name;
        final String password;
        final List<String> subscribeSubjects;

        User(String name, String password, List<String> subscribeSubjects) {
            this.name = name;
            this.password = password;
            this.subscribeSubjects = subscribeSubjects;
        }
    }
}
