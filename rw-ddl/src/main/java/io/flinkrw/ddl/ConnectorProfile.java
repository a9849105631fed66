package io.flinkrw.ddl;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import javax.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the translator knows about each of our connectors: its SQL identifiers, the WITH keys it
 * accepts, the keys RisingWave accepts but ignores, and its metadata columns under RisingWave's
 * INCLUDE names.
 *
 * <p>These tables mirror the connectors' own option and metadata declarations ({@code
 * KinesisConnectorOptions}, {@code NatsConnectorOptions}, {@code *ReadableMetadata}), which live in
 * modules this one does not depend on at run time; {@code ConnectorProfileTest} compares the two
 * with the real connectors.
 */
public enum ConnectorProfile {
    KINESIS(
            "kinesis",
            "kinesis-rw",
            List.of(
                    "stream",
                    "kinesis.stream.name",
                    "aws.region",
                    "kinesis.stream.region",
                    "endpoint",
                    "kinesis.endpoint",
                    "aws.credentials.access_key_id",
                    "kinesis.credentials.access",
                    "aws.credentials.secret_access_key",
                    "kinesis.credentials.secret",
                    "aws.credentials.session_token",
                    "kinesis.credentials.session_token",
                    "aws.credentials.role.arn",
                    "kinesis.assumerole.arn",
                    "aws.credentials.role.external_id",
                    "kinesis.assumerole.external_id",
                    "scan.startup.mode",
                    "kinesis.scan.startup.mode",
                    "scan.startup.sequence_number",
                    "scan.startup.timestamp.millis",
                    "scan.bounded.mode",
                    "kinesis.sdk.connect_timeout_ms",
                    "kinesis.sdk.read_timeout_ms",
                    "kinesis.sdk.operation_timeout_ms",
                    "kinesis.sdk.operation_attempt_timeout_ms",
                    "kinesis.sdk.max_retry_limit",
                    "kinesis.sdk.init_backoff_ms",
                    "kinesis.sdk.max_backoff_ms",
                    "kinesis.reader.error_retry_interval_ms",
                    "kinesis.reader.eof_retry_interval_ms",
                    "kinesis.reader.nonempty_read_interval_ms",
                    "kinesis.reader.max_records_per_call",
                    "kinesis.shard_discovery_interval_ms",
                    "kinesis.reader.type",
                    "kinesis.efo.consumer_name",
                    "kinesis.efo.subscription_idle_timeout_ms",
                    "kinesis.kpl_deaggregation",
                    "kinesis.sts.endpoint",
                    "scan.parallelism",
                    "scan.push-down.enabled",
                    "scan.source-watermark.max-out-of-orderness"),
            Map.of(),
            Map.of(),
            sessionTokenNeedsStaticKeys(),
            metadata(
                    "key", new VarBinaryType(VarBinaryType.MAX_LENGTH),
                    "partition", string(),
                    "offset", string(),
                    "sub_sequence", new BigIntType(),
                    "timestamp", new LocalZonedTimestampType(3),
                    "payload", new VarBinaryType(VarBinaryType.MAX_LENGTH)),
            Map.of(
                    "payload",
                    "RisingWave's payload column is jsonb; here it holds the record's bytes"
                            + " (CAST it to STRING for the JSON text)")),
    NATS(
            "nats",
            "nats-rw",
            List.of(
                    "server_url",
                    "subject",
                    "connect_mode",
                    "username",
                    "password",
                    "jwt",
                    "nkey",
                    "nats.tls.truststore.path",
                    "nats.tls.truststore.password",
                    "nats.tls.truststore.type",
                    "nats.connection.timeout",
                    "nats.reconnect.initial_backoff",
                    "nats.reconnect.max_backoff",
                    "stream",
                    "allow_create_stream",
                    "max_bytes",
                    "max_messages",
                    "max_messages_per_subject",
                    "max_consumers",
                    "max_message_size",
                    "scan.startup.mode",
                    "scan.startup.timestamp.millis",
                    "scan.startup.timestamp_millis",
                    "scan.bounded.mode",
                    "consumer.durable_name",
                    "consumer.name",
                    "consumer.description",
                    "consumer.ack_policy",
                    "consumer.ack_wait.sec",
                    "consumer.max_deliver",
                    "consumer.replay_policy",
                    "consumer.sample_frequency",
                    "consumer.max_waiting",
                    "consumer.max_ack_pending",
                    "consumer.headers_only",
                    "consumer.max_batch",
                    "consumer.max_bytes",
                    "consumer.max_expires.sec",
                    "consumer.inactive_threshold.sec",
                    "consumer.num.replicas",
                    "consumer.num_replicas",
                    "consumer.memory_storage",
                    "consumer.backoff.sec",
                    "nats.fetch.batch_size",
                    "nats.fetch.max_wait",
                    "nats.fetch.max_bytes",
                    "nats.ack.mode",
                    "nats.tls.verify_hostname",
                    "scan.parallelism",
                    "scan.push-down.enabled",
                    "scan.source-watermark.max-out-of-orderness"),
            Map.of(
                    "consumer.deliver_policy",
                    "RisingWave ignores it too: where reading starts is set by"
                            + " 'scan.startup.mode'",
                    "consumer.deliver_subject",
                    "RisingWave ignores it too (the source reads with pull consumers)",
                    "consumer.filter_subjects",
                    "it has no effect in RisingWave either: 'subject' lists the subjects"),
            Map.of(
                    "consumer.filter_subject",
                    "each split's consumer filters on its own entry of 'subject': list the"
                            + " subjects there",
                    "consumer.rate_limit",
                    "NATS applies a rate limit only to push consumers, and the source pulls"),
            List.of(),
            metadata(
                    "subject", string(),
                    "partition", string(),
                    "offset", new BigIntType(),
                    "timestamp", new LocalZonedTimestampType(9),
                    "headers", new MapType(string(), new ArrayType(string())),
                    "payload", new VarBinaryType(VarBinaryType.MAX_LENGTH)),
            Map.of(
                    "offset",
                    "RisingWave's offset column is the message's reply subject (VARCHAR); here it"
                            + " is the JetStream stream sequence (BIGINT)",
                    "payload",
                    "RisingWave's payload column is jsonb; here it holds the message's bytes"
                            + " (CAST it to STRING for the JSON text)"));

    private final String identifier;
    private final String aliasIdentifier;
    private final Set<String> keys;
    private final Map<String, String> ignoredByRisingWave;
    private final Map<String, String> rejected;
    private final List<Dependent> dependents;
    private final Map<String, LogicalType> metadata;
    private final Map<String, String> metadataNotes;

    ConnectorProfile(
            String identifier,
            String aliasIdentifier,
            List<String> keys,
            Map<String, String> ignoredByRisingWave,
            Map<String, String> rejected,
            List<Dependent> dependents,
            Map<String, LogicalType> metadata,
            Map<String, String> metadataNotes) {
        this.identifier = identifier;
        this.aliasIdentifier = aliasIdentifier;
        this.keys = Set.copyOf(keys);
        this.ignoredByRisingWave = ignoredByRisingWave;
        this.rejected = rejected;
        this.dependents = dependents;
        this.metadata = metadata;
        this.metadataNotes = metadataNotes;
    }

    /** The profile of RisingWave connector {@code name} (case-insensitive), or null. */
    @Nullable
    public static ConnectorProfile of(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (ConnectorProfile profile : values()) {
            if (profile.identifier.equals(lower)) {
                return profile;
            }
        }
        return null;
    }

    /** The connector's identifier, the same in RisingWave and Flink ({@code kinesis}). */
    public String identifier() {
        return identifier;
    }

    /** The alias for clusters that also carry Flink's own connector ({@code kinesis-rw}). */
    public String aliasIdentifier() {
        return aliasIdentifier;
    }

    /** Whether the connector accepts WITH key {@code key}. */
    public boolean accepts(String key) {
        return keys.contains(key);
    }

    /**
     * Why dropping {@code key} from a statement with the WITH keys {@code keys} changes nothing
     * (RisingWave ignores it there too), or null.
     */
    @Nullable
    public String ignoredByRisingWave(String key, Set<String> keys) {
        String always = ignoredByRisingWave.get(key);
        if (always != null) {
            return always;
        }
        for (Dependent dependent : dependents) {
            if (dependent.keys().contains(key) && !dependent.isSatisfiedBy(keys)) {
                return dependent.reason();
            }
        }
        return null;
    }

    /** Every WITH key the connector accepts. */
    Set<String> keys() {
        return keys;
    }

    /** The keys RisingWave accepts but ignores whatever else is set, with the reason. */
    Map<String, String> ignoredByRisingWave() {
        return ignoredByRisingWave;
    }

    /** The keys RisingWave knows that the connector rejects, with the reason. */
    Map<String, String> rejected() {
        return rejected;
    }

    /** Why the connector rejects {@code key}, when it says more than "unknown", or null. */
    @Nullable
    public String rejectionReason(String key) {
        return rejected.get(key);
    }

    /** The metadata columns: INCLUDE name to the type the connector gives it, in order. */
    public Map<String, LogicalType> metadata() {
        return metadata;
    }

    /** How metadata column {@code key} differs from RisingWave's, or null. */
    @Nullable
    public String metadataNote(String key) {
        return metadataNotes.get(key);
    }

    /**
     * RisingWave's Kinesis source uses a session token only with both static keys; without them it
     * signs with the default credential chain and the token goes unused. The kinesis connector
     * refuses a token without static keys, so the translation drops it.
     */
    private static List<Dependent> sessionTokenNeedsStaticKeys() {
        return List.of(
                new Dependent(
                        Set.of(
                                "aws.credentials.session_token",
                                "kinesis.credentials.session_token"),
                        List.of(
                                Set.of(
                                        "aws.credentials.access_key_id",
                                        "kinesis.credentials.access"),
                                Set.of(
                                        "aws.credentials.secret_access_key",
                                        "kinesis.credentials.secret")),
                        "RisingWave uses a session token only with the static keys"
                                + " 'aws.credentials.access_key_id' and"
                                + " 'aws.credentials.secret_access_key'; without them it signs with"
                                + " the default credential chain, and so does the kinesis connector"
                                + " (which refuses a session token without static keys)"));
    }

    /**
     * WITH keys ({@code keys}, aliases of one option) that RisingWave uses only when each group of
     * {@code needs} has a key in the statement, and otherwise ignores for {@code reason}.
     */
    private record Dependent(Set<String> keys, List<Set<String>> needs, String reason) {

        boolean isSatisfiedBy(Set<String> given) {
            for (Set<String> aliases : needs) {
                if (aliases.stream().noneMatch(given::contains)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static VarCharType string() {
        return new VarCharType(VarCharType.MAX_LENGTH);
    }

    private static Map<String, LogicalType> metadata(Object... keysAndTypes) {
        Map<String, LogicalType> metadata = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            metadata.put((String) keysAndTypes[i], (LogicalType) keysAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(metadata);
    }
}
