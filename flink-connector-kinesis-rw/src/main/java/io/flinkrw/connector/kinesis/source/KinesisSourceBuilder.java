package io.flinkrw.connector.kinesis.source;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.config.BoundedMode;
import io.flinkrw.connector.kinesis.config.KinesisConnectorOptions;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.config.ReaderType;
import io.flinkrw.connector.kinesis.config.StartupMode;
import io.flinkrw.connector.kinesis.config.StartupSequenceNumbers;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxyFactory;
import io.flinkrw.connector.kinesis.source.proxy.StreamProxyFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Builds a {@link KinesisSource}. Every setting is one of the options in {@link
 * KinesisConnectorOptions}; {@link #setProperties(Map)} takes a RisingWave option map as it is.
 * {@link #build()} validates everything, as {@code CREATE TABLE} does, and fails with a {@link
 * ValidationException} that names the key.
 *
 * @param <T> the values produced
 */
@PublicEvolving
public final class KinesisSourceBuilder<T> {

    private final Map<String, String> options = new LinkedHashMap<>();
    private KinesisDeserializationSchema<T> deserializer;
    private StreamProxyFactory proxyFactory = StreamProxyFactory.kinesis();
    private boolean keyOrderAcrossReshards;
    private FanOutStreamProxyFactory fanOutProxyFactory = FanOutStreamProxyFactory.kinesis();

    KinesisSourceBuilder() {}

    /** The stream to read ({@code stream}). */
    public KinesisSourceBuilder<T> setStream(String stream) {
        return set(KinesisConnectorOptions.STREAM, stream);
    }

    /** The AWS region ({@code aws.region}). */
    public KinesisSourceBuilder<T> setRegion(String region) {
        return set(KinesisConnectorOptions.AWS_REGION, region);
    }

    /** A Kinesis endpoint URL instead of the region's ({@code endpoint}). */
    public KinesisSourceBuilder<T> setEndpoint(String endpoint) {
        return set(KinesisConnectorOptions.ENDPOINT, endpoint);
    }

    /** Static credentials; without them the SDK's default chain is used. */
    public KinesisSourceBuilder<T> setCredentials(String accessKeyId, String secretAccessKey) {
        set(KinesisConnectorOptions.ACCESS_KEY_ID, accessKeyId);
        return set(KinesisConnectorOptions.SECRET_ACCESS_KEY, secretAccessKey);
    }

    /** The session token of temporary static credentials. */
    public KinesisSourceBuilder<T> setSessionToken(String sessionToken) {
        return set(KinesisConnectorOptions.SESSION_TOKEN, sessionToken);
    }

    /** Assume this role with STS, with an optional external id. */
    public KinesisSourceBuilder<T> setAssumeRole(String roleArn, @Nullable String externalId) {
        set(KinesisConnectorOptions.ROLE_ARN, roleArn);
        if (externalId != null) {
            set(KinesisConnectorOptions.ROLE_EXTERNAL_ID, externalId);
        }
        return this;
    }

    /** Start at the oldest record kept (the default). */
    public KinesisSourceBuilder<T> setStartFromEarliest() {
        return startupMode(StartupMode.EARLIEST);
    }

    /** Start at the records that arrive after {@link #build()}, also after a restart. */
    public KinesisSourceBuilder<T> setStartFromLatest() {
        return startupMode(StartupMode.LATEST);
    }

    /** Start every shard after this sequence number. */
    public KinesisSourceBuilder<T> setStartAfterSequenceNumber(String sequenceNumber) {
        startupMode(StartupMode.SEQUENCE_NUMBER);
        return set(KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER, sequenceNumber);
    }

    /** Start each listed shard after its sequence number, the others at the earliest record. */
    public KinesisSourceBuilder<T> setStartAfterSequenceNumbers(
            Map<String, String> sequenceNumberByShard) {
        startupMode(StartupMode.SEQUENCE_NUMBER);
        return set(
                KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER,
                StartupSequenceNumbers.perShard(sequenceNumberByShard).toString());
    }

    /** Start at the records that arrived at or after this instant. */
    public KinesisSourceBuilder<T> setStartFromTimestamp(Instant timestamp) {
        startupMode(StartupMode.TIMESTAMP);
        options.put(
                KinesisConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS.key(),
                String.valueOf(timestamp.toEpochMilli()));
        return this;
    }

    /**
     * Read by enhanced fan-out through the stream consumer {@code consumerName}: registered if it
     * does not exist (and deregistered when the job ends), used as it is if it does.
     */
    public KinesisSourceBuilder<T> setEnhancedFanOut(String consumerName) {
        set(KinesisConnectorOptions.READER_TYPE, ReaderType.EFO.value());
        return set(KinesisConnectorOptions.EFO_CONSUMER_NAME, consumerName);
    }

    /** Stop each shard at the records that arrive after the source starts (a bounded job). */
    public KinesisSourceBuilder<T> setBoundedToLatest() {
        return set(KinesisConnectorOptions.SCAN_BOUNDED_MODE, BoundedMode.LATEST.value());
    }

    /** Any option of {@link KinesisConnectorOptions} by key, e.g. {@code kinesis.sdk.*}. */
    public KinesisSourceBuilder<T> setProperty(String key, String value) {
        checkNotNull(key, "key");
        checkNotNull(value, "value of " + key);
        KinesisSourceConfig.checkSupportedKeys(List.of(key));
        options.put(key, value);
        return this;
    }

    /** A RisingWave option map as it is; unknown keys are rejected. */
    public KinesisSourceBuilder<T> setProperties(Map<String, String> properties) {
        KinesisSourceConfig.checkSupportedKeys(properties.keySet());
        properties.forEach(this::setProperty);
        return this;
    }

    /** Decodes whole records, seeing partition key, shard, sequence number and arrival time. */
    public KinesisSourceBuilder<T> setDeserializer(KinesisDeserializationSchema<T> deserializer) {
        this.deserializer = checkNotNull(deserializer, "deserializer");
        return this;
    }

    /** Decodes the payload with a Flink {@link DeserializationSchema}. */
    public KinesisSourceBuilder<T> setValueOnlyDeserializer(DeserializationSchema<T> schema) {
        return setDeserializer(KinesisDeserializationSchema.valueOnly(schema));
    }

    /** Replaces the Kinesis client, to fake or wrap it in tests. */
    @Internal
    public KinesisSourceBuilder<T> setStreamProxyFactory(StreamProxyFactory proxyFactory) {
        this.proxyFactory = checkNotNull(proxyFactory, "proxyFactory");
        return this;
    }

    /**
     * Reads each child shard on the reader that read its parent, so that downstream a key's records
     * keep their order across a reshard even where operators reorder between input channels (an
     * upsert changelog's normalization, for one). Off by default: children then spread over the
     * readers by hash-key range, which keeps the load even after the stream grows.
     */
    public KinesisSourceBuilder<T> setKeyOrderAcrossReshards(boolean keyOrderAcrossReshards) {
        this.keyOrderAcrossReshards = keyOrderAcrossReshards;
        return this;
    }

    /** Replaces the enhanced fan-out client, to fake or wrap it in tests. */
    @Internal
    public KinesisSourceBuilder<T> setFanOutStreamProxyFactory(
            FanOutStreamProxyFactory fanOutProxyFactory) {
        this.fanOutProxyFactory = checkNotNull(fanOutProxyFactory, "fanOutProxyFactory");
        return this;
    }

    /**
     * Validates the options and builds the source. This is the instant {@code latest} refers to.
     */
    public KinesisSource<T> build() {
        checkNotNull(
                deserializer,
                "A deserializer is required: setDeserializer or setValueOnlyDeserializer");
        KinesisSourceConfig config =
                KinesisSourceConfig.fromOptions(Configuration.fromMap(options));
        return new KinesisSource<>(
                config,
                deserializer,
                Instant.now(),
                proxyFactory,
                fanOutProxyFactory,
                RecordLimit.UNLIMITED,
                keyOrderAcrossReshards);
    }

    private KinesisSourceBuilder<T> startupMode(StartupMode mode) {
        options.remove(KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER.key());
        options.remove(KinesisConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS.key());
        return set(KinesisConnectorOptions.SCAN_STARTUP_MODE, mode.value());
    }

    private KinesisSourceBuilder<T> set(ConfigOption<String> option, String value) {
        options.put(option.key(), checkNotNull(value, option.key()));
        return this;
    }
}
