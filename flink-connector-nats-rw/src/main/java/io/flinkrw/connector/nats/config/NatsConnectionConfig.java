package io.flinkrw.connector.nats.config;

import io.flinkrw.common.config.OptionValidation;
import io.flinkrw.common.config.Secret;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how to connect to NATS: the servers, the {@code connect_mode} with its credentials
 * (held as {@link Secret}s), TLS trust with the host name check, and reconnect backoff.
 * Serializable and safe to print.
 */
@Internal
public final class NatsConnectionConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnectionConfig.class);

    private static final int DEFAULT_PORT = 4222;

    private final List<String> servers;
    private final ConnectMode connectMode;
    @Nullable private final String username;
    @Nullable private final Secret password;
    @Nullable private final Secret jwt;
    @Nullable private final Secret nkey;
    @Nullable private final String trustStorePath;
    @Nullable private final Secret trustStorePassword;
    private final String trustStoreType;
    private final boolean verifyHostname;
    private final Duration connectionTimeout;
    private final Duration reconnectInitialBackoff;
    private final Duration reconnectMaxBackoff;

    private NatsConnectionConfig(
            List<String> servers,
            ConnectMode connectMode,
            @Nullable String username,
            @Nullable Secret password,
            @Nullable Secret jwt,
            @Nullable Secret nkey,
            @Nullable String trustStorePath,
            @Nullable Secret trustStorePassword,
            String trustStoreType,
            boolean verifyHostname,
            Duration connectionTimeout,
            Duration reconnectInitialBackoff,
            Duration reconnectMaxBackoff) {
        this.servers = List.copyOf(servers);
        this.connectMode = connectMode;
        this.username = username;
        this.password = password;
        this.jwt = jwt;
        this.nkey = nkey;
        this.trustStorePath = trustStorePath;
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType;
        this.verifyHostname = verifyHostname;
        this.connectionTimeout = connectionTimeout;
        this.reconnectInitialBackoff = reconnectInitialBackoff;
        this.reconnectMaxBackoff = reconnectMaxBackoff;
    }

    /** Reads and validates the connection options. */
    static NatsConnectionConfig from(ReadableConfig options) {
        List<String> servers =
                parseServers(
                        OptionValidation.required(
                                options, NatsConnectorOptions.SERVER_URL, "to reach NATS"));
        OptionValidation.required(
                options, NatsConnectorOptions.CONNECT_MODE, "(RisingWave has no default either)");
        ConnectMode mode =
                ConnectMode.of(
                        OptionValidation.oneOf(
                                options,
                                NatsConnectorOptions.CONNECT_MODE,
                                ConnectMode.allowedValues()));

        String username = options.getOptional(NatsConnectorOptions.USERNAME).orElse(null);
        Secret password = secret(options, NatsConnectorOptions.PASSWORD);
        Secret jwt = secret(options, NatsConnectorOptions.JWT);
        Secret nkey = secret(options, NatsConnectorOptions.NKEY);
        switch (mode) {
            case USER_AND_PASSWORD:
                requiredFor(options, NatsConnectorOptions.USERNAME, mode);
                requiredFor(options, NatsConnectorOptions.PASSWORD, mode);
                notFor(options, NatsConnectorOptions.JWT, mode);
                notFor(options, NatsConnectorOptions.NKEY, mode);
                break;
            case CREDENTIAL:
                requiredFor(options, NatsConnectorOptions.JWT, mode);
                requiredFor(options, NatsConnectorOptions.NKEY, mode);
                notFor(options, NatsConnectorOptions.USERNAME, mode);
                notFor(options, NatsConnectorOptions.PASSWORD, mode);
                checkUserSeed(Objects.requireNonNull(nkey));
                break;
            default:
                notFor(options, NatsConnectorOptions.USERNAME, mode);
                notFor(options, NatsConnectorOptions.PASSWORD, mode);
                notFor(options, NatsConnectorOptions.JWT, mode);
                notFor(options, NatsConnectorOptions.NKEY, mode);
        }

        String trustStorePath =
                options.getOptional(NatsConnectorOptions.TLS_TRUSTSTORE_PATH).orElse(null);
        Secret trustStorePassword = secret(options, NatsConnectorOptions.TLS_TRUSTSTORE_PASSWORD);
        if (trustStorePassword != null && trustStorePath == null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' needs option '%s'.",
                            NatsConnectorOptions.TLS_TRUSTSTORE_PASSWORD.key(),
                            NatsConnectorOptions.TLS_TRUSTSTORE_PATH.key()));
        }
        String trustStoreType =
                OptionValidation.oneOf(
                                options,
                                NatsConnectorOptions.TLS_TRUSTSTORE_TYPE,
                                List.of("pkcs12", "jks"))
                        .toUpperCase(Locale.ROOT);

        Duration timeout = positive(options, NatsConnectorOptions.CONNECTION_TIMEOUT);
        Duration initialBackoff = positive(options, NatsConnectorOptions.RECONNECT_INITIAL_BACKOFF);
        Duration maxBackoff = positive(options, NatsConnectorOptions.RECONNECT_MAX_BACKOFF);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must not be smaller than option '%s'.",
                            NatsConnectorOptions.RECONNECT_MAX_BACKOFF.key(),
                            NatsConnectorOptions.RECONNECT_INITIAL_BACKOFF.key()));
        }
        return new NatsConnectionConfig(
                servers,
                mode,
                username,
                password,
                jwt,
                nkey,
                trustStorePath,
                trustStorePassword,
                trustStoreType,
                options.get(NatsConnectorOptions.TLS_VERIFY_HOSTNAME),
                timeout,
                initialBackoff,
                maxBackoff);
    }

    /** {@code host:port}, {@code nats://...}, {@code tls://...}, comma-separated. */
    static List<String> parseServers(String value) {
        String key = NatsConnectorOptions.SERVER_URL.key();
        List<String> servers = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new ValidationException(
                        String.format("Option '%s' has an empty entry in '%s'.", key, value));
            }
            if (entry.contains("@")) {
                // Never echo the entry: it may hold a password.
                throw new ValidationException(
                        String.format(
                                "Option '%s' must not hold credentials (user:password@host): use"
                                        + " 'connect_mode' = 'user_and_password' with 'username'"
                                        + " and 'password'.",
                                key));
            }
            String withScheme = entry.contains("://") ? entry : "nats://" + entry;
            URI uri;
            try {
                uri = new URI(withScheme);
            } catch (Exception e) {
                throw invalidServer(key, entry);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("nats") && !scheme.equals("tls")) {
                throw new ValidationException(
                        String.format(
                                "Option '%s' has the unsupported scheme '%s' in '%s'. Allowed:"
                                        + " host:port, nats://host:port, tls://host:port.",
                                key, scheme, entry));
            }
            if (uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || uri.getQuery() != null) {
                throw invalidServer(key, entry);
            }
            int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
            servers.add(scheme + "://" + uri.getHost() + ":" + port);
        }
        return servers;
    }

    private static ValidationException invalidServer(String key, String entry) {
        return new ValidationException(
                String.format(
                        "Option '%s' has the invalid entry '%s'. Allowed: host:port,"
                                + " nats://host:port, tls://host:port.",
                        key, entry));
    }

    private static void checkUserSeed(Secret seed) {
        boolean valid;
        try {
            NKey key = NKey.fromSeed(seed.reveal().toCharArray());
            valid = key.getType() == NKey.Type.USER;
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            // Never echo the value or the library's message: both could reveal the seed.
            throw new ValidationException(
                    String.format(
                            "Option '%s' is not a NATS user NKey seed (it starts with 'SU').",
                            NatsConnectorOptions.NKEY.key()));
        }
    }

    @Nullable
    private static Secret secret(ReadableConfig options, ConfigOption<String> option) {
        return Secret.ofNullable(options.getOptional(option).orElse(null));
    }

    private static void requiredFor(ReadableConfig options, ConfigOption<?> option, ConnectMode m) {
        OptionValidation.required(
                options, option, String.format("when 'connect_mode' is '%s'", m.value()));
    }

    private static void notFor(ReadableConfig options, ConfigOption<?> option, ConnectMode m) {
        if (options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' is set, but 'connect_mode' is '%s', which does not use"
                                    + " it. Allowed values of 'connect_mode': %s.",
                            option.key(),
                            m.value(),
                            String.join(", ", ConnectMode.allowedValues())));
        }
    }

    private static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = options.get(option);
        if (value.isNegative() || value.isZero()) {
            throw new ValidationException(
                    String.format("Option '%s' must be positive, not %s.", option.key(), value));
        }
        return value;
    }

    // --------------------------------------------------------------------------------------------

    /**
     * Opens a connection that reconnects without limit (exponential backoff with jitter) and
     * reports through {@code listener}. The caller closes it.
     *
     * @throws IOException when no server accepts the connection, with a message that names the
     *     servers and the connect mode, never a secret
     */
    public Connection connect(String connectionName, NatsClientListener listener)
            throws IOException {
        Options.Builder builder =
                new Options.Builder()
                        .servers(servers.toArray(new String[0]))
                        .connectionName(connectionName)
                        .connectionTimeout(connectionTimeout)
                        .maxReconnects(-1)
                        .reconnectDelayHandler(
                                new ExponentialReconnectDelay(
                                        reconnectInitialBackoff, reconnectMaxBackoff))
                        .errorListener(listener)
                        .connectionListener(listener);
        switch (connectMode) {
            case USER_AND_PASSWORD:
                builder.userInfo(
                        Objects.requireNonNull(username).toCharArray(),
                        Objects.requireNonNull(password).reveal().toCharArray());
                break;
            case CREDENTIAL:
                builder.authHandler(
                        Nats.staticCredentials(
                                Objects.requireNonNull(jwt).reveal().toCharArray(),
                                Objects.requireNonNull(nkey).reveal().toCharArray()));
                break;
            default:
                break;
        }
        configureTls(builder);
        try {
            return Nats.connect(builder.build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while connecting to NATS", e);
        } catch (IOException | RuntimeException e) {
            String problem = listener.firstProblem();
            String reported =
                    problem == null || String.valueOf(e.getMessage()).contains(problem)
                            ? ""
                            : " (the client reported: " + problem + ")";
            throw new IOException(
                    String.format(
                            "Could not connect to NATS at %s with connect_mode '%s': %s%s%s",
                            servers,
                            connectMode.value(),
                            e.getMessage(),
                            reported,
                            isHostnameMismatch(e.getMessage() + reported)
                                    ? String.format(
                                            ". The server's certificate is not issued for the host"
                                                    + " name in '%s'; fix the certificate or the"
                                                    + " address ('%s' = 'false' skips this check,"
                                                    + " which is unsafe)",
                                            NatsConnectorOptions.SERVER_URL.key(),
                                            NatsConnectorOptions.TLS_VERIFY_HOSTNAME.key())
                                    : ""),
                    e);
        }
    }

    /** JSSE's words when a certificate is not issued for the host (see HostnameChecker). */
    private static boolean isHostnameMismatch(String message) {
        return message.contains("No subject alternative") || message.contains("No name matching");
    }

    private boolean usesTls() {
        return trustStorePath != null || servers.stream().anyMatch(s -> s.startsWith("tls://"));
    }

    /**
     * TLS as before (a trust store, or the JVM's for tls:// servers), plus the host name check
     * jnats leaves out. With the check, jnats must keep host names instead of resolving them to
     * addresses before the handshake: its happy-eyeballs mode resolves inside the connect.
     */
    private void configureTls(Options.Builder builder) throws IOException {
        if (!usesTls()) {
            return;
        }
        if (!verifyHostname) {
            LOG.warn(
                    "TLS host name verification is off ('{}' = 'false'): any certificate from a"
                            + " trusted authority is accepted for {}.",
                    NatsConnectorOptions.TLS_VERIFY_HOSTNAME.key(),
                    servers);
            if (trustStorePath != null) {
                builder.sslContext(trustStoreContext());
            }
            return;
        }
        SSLContext trusted = trustStorePath != null ? trustStoreContext() : defaultContext();
        builder.sslContext(new HostnameVerifyingSslContext(trusted, hosts()))
                .hostnameResolveMode(Options.HostnameResolveMode.HappyEyeballs);
    }

    private List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (String server : servers) {
            hosts.add(URI.create(server).getHost());
        }
        return hosts;
    }

    private static SSLContext defaultContext() throws IOException {
        try {
            return SSLContext.getDefault();
        } catch (Exception e) {
            throw new IOException("Could not create the JVM's default TLS context", e);
        }
    }

    private SSLContext trustStoreContext() throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(trustStoreType);
            try (InputStream in = Files.newInputStream(Path.of(trustStorePath))) {
                trust.load(
                        in,
                        trustStorePassword == null
                                ? null
                                : trustStorePassword.reveal().toCharArray());
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IOException(
                    String.format(
                            "Could not read the trust store '%s' (option '%s'): %s",
                            trustStorePath,
                            NatsConnectorOptions.TLS_TRUSTSTORE_PATH.key(),
                            e.getMessage()),
                    e);
        } catch (Exception e) {
            throw new IOException(
                    String.format(
                            "Could not use the trust store '%s' of type %s: %s",
                            trustStorePath, trustStoreType, e.getMessage()),
                    e);
        }
    }

    public List<String> servers() {
        return servers;
    }

    public ConnectMode connectMode() {
        return connectMode;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsConnectionConfig)) {
            return false;
        }
        NatsConnectionConfig that = (NatsConnectionConfig) o;
        return servers.equals(that.servers)
                && connectMode == that.connectMode
                && Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                && Objects.equals(jwt, that.jwt)
                && Objects.equals(nkey, that.nkey)
                && Objects.equals(trustStorePath, that.trustStorePath)
                && Objects.equals(trustStorePassword, that.trustStorePassword)
                && trustStoreType.equals(that.trustStoreType)
                && verifyHostname == that.verifyHostname
                && connectionTimeout.equals(that.connectionTimeout)
                && reconnectInitialBackoff.equals(that.reconnectInitialBackoff)
                && reconnectMaxBackoff.equals(that.reconnectMaxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, connectMode, username, trustStorePath);
    }

    @Override
    public String toString() {
        return "NatsConnectionConfig{servers="
                + servers
                + ", connectMode="
                + connectMode.value()
                + (username != null ? ", username=" + username + ", password=" + password : "")
                + (jwt != null ? ", jwt=" + jwt + ", nkey=" + nkey : "")
                + (trustStorePath != null ? ", trustStore=" + trustStorePath : "")
                + (verifyHostname ? "" : ", verifyHostname=false")
                + '}';
    }
}
