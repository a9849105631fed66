package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.config.BoundedMode;
import io.flinkrw.connector.nats.config.ConnectMode;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.config.StartupMode;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Builds a {@link NatsJetStreamSource}. Every setter writes one of the source's option keys, so the
 * builder and Flink SQL share one validation; {@link #setProperties} takes a RisingWave option map
 * as it is. Without a connect mode the connection is {@code plain}.
 *
 * @param <T> the produced type
 */
@PublicEvolving
public final class NatsJetStreamSourceBuilder<T> {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private NatsRecordDeserializer<T> deserializer;

    NatsJetStreamSourceBuilder() {}

    /** Adds RisingWave-style options ({@code server_url}, {@code subject}, ...); later ones win. */
    public NatsJetStreamSourceBuilder<T> setProperties(Map<String, String> options) {
        properties.putAll(checkNotNull(options, "options"));
        return this;
    }

    /** Sets one option by key. */
    public NatsJetStreamSourceBuilder<T> setProperty(String key, String value) {
        properties.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
        return this;
    }

    private NatsJetStreamSourceBuilder<T> set(ConfigOption<?> option, Object value) {
        return setProperty(option.key(), String.valueOf(checkNotNull(value, option.key())));
    }

    /** Comma-separated {@code host:port}, {@code nats://...} or {@code tls://...} addresses. */
    public NatsJetStreamSourceBuilder<T> setServerUrl(String serverUrl) {
        return set(NatsConnectorOptions.SERVER_URL, serverUrl);
    }

    /** The subjects to read, one split each; wildcards allowed. */
    public NatsJetStreamSourceBuilder<T> setSubjects(String... subjects) {
        return set(NatsConnectorOptions.SUBJECT, String.join(",", subjects));
    }

    /** The stream; without it, each subject's stream is looked up. */
    public NatsJetStreamSourceBuilder<T> setStream(String stream) {
        return set(NatsConnectorOptions.STREAM, stream);
    }

    /** Connect with a user name and password. */
    public NatsJetStreamSourceBuilder<T> setUserAndPassword(String username, String password) {
        set(NatsConnectorOptions.CONNECT_MODE, ConnectMode.USER_AND_PASSWORD.value());
        set(NatsConnectorOptions.USERNAME, username);
        return set(NatsConnectorOptions.PASSWORD, password);
    }

    /** Connect with a user JWT and the user's NKey seed. */
    public NatsJetStreamSourceBuilder<T> setCredentials(String jwt, String nkeySeed) {
        set(NatsConnectorOptions.CONNECT_MODE, ConnectMode.CREDENTIAL.value());
        set(NatsConnectorOptions.JWT, jwt);
        return set(NatsConnectorOptions.NKEY, nkeySeed);
    }

    /** Trust {@code tls://} servers by the certificates in this trust store. */
    public NatsJetStreamSourceBuilder<T> setTrustStore(String path, String password, String type) {
        set(NatsConnectorOptions.TLS_TRUSTSTORE_PATH, path);
        set(NatsConnectorOptions.TLS_TRUSTSTORE_PASSWORD, password);
        return set(NatsConnectorOptions.TLS_TRUSTSTORE_TYPE, type);
    }

    /** Where splits without state start; for a timestamp use {@link #setStartingTimestamp}. */
    public NatsJetStreamSourceBuilder<T> setStartupMode(StartupMode mode) {
        return set(NatsConnectorOptions.SCAN_STARTUP_MODE, mode.name().toLowerCase(Locale.ROOT));
    }

    /** Start splits without state at the first message stored at or after {@code timestamp}. */
    public NatsJetStreamSourceBuilder<T> setStartingTimestamp(Instant timestamp) {
        set(NatsConnectorOptions.SCAN_STARTUP_MODE, "timestamp");
        return set(NatsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS, timestamp.toEpochMilli());
    }

    /** Stop each split at the last message its stream holds when the job starts. */
    public NatsJetStreamSourceBuilder<T> setBounded() {
        return set(
                NatsConnectorOptions.SCAN_BOUNDED_MODE,
                BoundedMode.LATEST.name().toLowerCase(Locale.ROOT));
    }

    /** Read through durable consumers derived from {@code name}, acked after checkpoints. */
    public NatsJetStreamSourceBuilder<T> setDurableName(String name) {
        return set(NatsConnectorOptions.CONSUMER_DURABLE_NAME, name);
    }

    /** Messages per pull request. */
    public NatsJetStreamSourceBuilder<T> setFetchBatchSize(int batchSize) {
        return set(NatsConnectorOptions.FETCH_BATCH_SIZE, batchSize);
    }

    /** How long one pull request waits on the server. */
    public NatsJetStreamSourceBuilder<T> setFetchMaxWait(Duration maxWait) {
        return set(NatsConnectorOptions.FETCH_MAX_WAIT, maxWait.toMillis() + " ms");
    }

    /** Decodes whole records: payload, subject, headers, sequence and timestamp. */
    public <OUT> NatsJetStreamSourceBuilder<OUT> setDeserializer(
            NatsRecordDeserializer<OUT> deserializer) {
        @SuppressWarnings("unchecked")
        NatsJetStreamSourceBuilder<OUT> self = (NatsJetStreamSourceBuilder<OUT>) this;
        self.deserializer = checkNotNull(deserializer, "deserializer");
        return self;
    }

    /** Decodes payloads with a Flink {@link DeserializationSchema}. */
    public <OUT> NatsJetStreamSourceBuilder<OUT> setValueOnlyDeserializer(
            DeserializationSchema<OUT> schema) {
        return setDeserializer(NatsRecordDeserializer.valueOnly(checkNotNull(schema, "schema")));
    }

    /**
     * Validates the options (a {@code ValidationException} names the key and allowed values) and
     * builds the source; {@code latest} is pinned to this moment.
     */
    public NatsJetStreamSource<T> build() {
        checkNotNull(
                deserializer,
                "A deserializer is required: setDeserializer or setValueOnlyDeserializer.");
        Map<String, String> options = new LinkedHashMap<>(properties);
        options.putIfAbsent(NatsConnectorOptions.CONNECT_MODE.key(), ConnectMode.PLAIN.value());
        return NatsJetStreamSource.create(NatsSourceConfig.fromProperties(options), deserializer);
    }
}
