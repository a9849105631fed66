package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of the NATS JetStream source, for Flink SQL ({@code 'connector' = 'nats'}) and for
 * {@code NatsJetStreamSource.builder().setProperties(...)}. The keys are RisingWave's; keys of our
 * own start with {@code nats.}.
 */
@PublicEvolving
public final class NatsConnectorOptions {

    private NatsConnectorOptions() {}

    // --------------------------------------------------------------------------------------------
    // Connection
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SERVER_URL =
            ConfigOptions.key("server_url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Comma-separated NATS server addresses: host:port, nats://host:port or"
                                    + " tls://host:port. Credentials do not belong in the URL.");

    public static final ConfigOption<String> CONNECT_MODE =
            ConfigOptions.key("connect_mode")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "How to authenticate: 'plain' (none), 'user_and_password' (needs"
                                    + " 'username' and 'password') or 'credential' (needs 'jwt'"
                                    + " and 'nkey').");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User name for connect_mode 'user_and_password'.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password for connect_mode 'user_and_password' (secret).");

    public static final ConfigOption<String> JWT =
            ConfigOptions.key("jwt")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The user JWT for connect_mode 'credential' (secret).");

    public static final ConfigOption<String> NKEY =
            ConfigOptions.key("nkey")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The user's NKey seed (SU...) for connect_mode 'credential' (secret).");

    public static final ConfigOption<String> TLS_TRUSTSTORE_PATH =
            ConfigOptions.key("nats.tls.truststore.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Trust store with the certificates that tls:// servers are checked"
                                    + " against. Without it the JVM's default trust store is used.");

    public static final ConfigOption<String> TLS_TRUSTSTORE_PASSWORD =
            ConfigOptions.key("nats.tls.truststore.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password of the trust store (secret).");

    public static final ConfigOption<String> TLS_TRUSTSTORE_TYPE =
            ConfigOptions.key("nats.tls.truststore.type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("Type of the trust store: PKCS12 or JKS.");

    public static final ConfigOption<Boolean> TLS_VERIFY_HOSTNAME =
            ConfigOptions.key("nats.tls.verify_hostname")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Check that a TLS server's certificate is issued for the host name (or"
                                    + " IP address) in 'server_url'. Turning it off is unsafe:"
                                    + " any certificate from a trusted authority is then accepted"
                                    + " for any server, so an attacker on the network path can"
                                    + " read the credentials and the data.");

    public static final ConfigOption<Duration> CONNECTION_TIMEOUT =
            ConfigOptions.key("nats.connection.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How long one connection attempt may take.");

    public static final ConfigOption<Duration> RECONNECT_INITIAL_BACKOFF =
            ConfigOptions.key("nats.reconnect.initial_backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(250))
                    .withDescription(
                            "Wait before the second reconnect attempt; it doubles with every"
                                    + " further attempt up to 'nats.reconnect.max_backoff', with"
                                    + " 20% jitter. Reconnects never stop.");

    public static final ConfigOption<Duration> RECONNECT_MAX_BACKOFF =
            ConfigOptions.key("nats.reconnect.max_backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("The longest wait between two reconnect attempts.");

    // --------------------------------------------------------------------------------------------
    // What to read
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SUBJECT =
            ConfigOptions.key("subject")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Comma-separated subjects to read; wildcards ('*', '>') are allowed."
                                    + " Each listed subject is one split read by its own"
                                    + " consumer. Subjects must not overlap.");

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The JetStream stream. Optional: without it, the stream is looked up"
                                    + " by subject (exactly one stream must hold each subject).");

    public static final ConfigOption<Boolean> ALLOW_CREATE_STREAM =
            ConfigOptions.key("allow_create_stream")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Create 'stream' (with the listed subjects, file storage) when it"
                                    + " does not exist. Needs 'stream'.");

    public static final ConfigOption<Long> MAX_BYTES =
            ConfigOptions.key("max_bytes")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Stream limit, used only when the stream is created.");

    public static final ConfigOption<Long> MAX_MESSAGES =
            ConfigOptions.key("max_messages")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Stream limit, used only when the stream is created.");

    public static final ConfigOption<Long> MAX_MESSAGES_PER_SUBJECT =
            ConfigOptions.key("max_messages_per_subject")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Stream limit, used only when the stream is created.");

    public static final ConfigOption<Integer> MAX_CONSUMERS =
            ConfigOptions.key("max_consumers")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Stream limit, used only when the stream is created.");

    public static final ConfigOption<Integer> MAX_MESSAGE_SIZE =
            ConfigOptions.key("max_message_size")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Stream limit, used only when the stream is created.");

    // --------------------------------------------------------------------------------------------
    // Where to start and stop
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .stringType()
                    .defaultValue("earliest")
                    .withDescription(
                            "Where splits without state start: 'earliest', 'latest' (the instant"
                                    + " the source is built, so a restart before the first"
                                    + " checkpoint loses nothing), 'timestamp' or"
                                    + " 'timestamp_millis' (at 'scan.startup.timestamp.millis').");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS =
            ConfigOptions.key("scan.startup.timestamp.millis")
                    .longType()
                    .noDefaultValue()
                    .withFallbackKeys("scan.startup.timestamp_millis")
                    .withDescription(
                            "Epoch milliseconds to start at with scan.startup.mode 'timestamp'"
                                    + " (alias 'scan.startup.timestamp_millis').");

    public static final ConfigOption<String> SCAN_BOUNDED_MODE =
            ConfigOptions.key("scan.bounded.mode")
                    .stringType()
                    .defaultValue("unbounded")
                    .withDescription(
                            "'unbounded', or 'latest': each split stops at the last message its"
                                    + " stream held when the job started, and the job finishes.");

    /**
     * Flink SQL only: the source's own parallelism (Flink's {@code scan.parallelism}); the
     * DataStream API sets it on the stream.
     */
    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    // --------------------------------------------------------------------------------------------
    // Consumers
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> CONSUMER_DURABLE_NAME =
            ConfigOptions.key("consumer.durable_name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Read through durable pull consumers (one per split: the name itself"
                                    + " for one subject, name + '_' + the subject with '.', '*',"
                                    + " '>' replaced by '_' for several), acked after each"
                                    + " completed checkpoint. Without it, each split is read by an"
                                    + " ephemeral consumer that is deleted when the reader closes.");

    public static final ConfigOption<String> CONSUMER_NAME =
            ConfigOptions.key("consumer.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Accepted only when equal to 'consumer.durable_name' (RisingWave"
                                    + " statements often set both).");

    public static final ConfigOption<String> CONSUMER_DESCRIPTION =
            ConfigOptions.key("consumer.description")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Description of the consumers.");

    public static final ConfigOption<String> CONSUMER_ACK_POLICY =
            ConfigOptions.key("consumer.ack_policy")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "'explicit' (default with a durable name: every message is acked"
                                    + " after the checkpoint that covers it completes), 'all'"
                                    + " (the last message per split is acked) or 'none' (default"
                                    + " without a durable name).");

    public static final ConfigOption<Long> CONSUMER_ACK_WAIT_SEC =
            ConfigOptions.key("consumer.ack_wait.sec")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Seconds the server waits for an ack before redelivering. Keep it"
                                    + " above the checkpoint interval.");

    public static final ConfigOption<Long> CONSUMER_MAX_DELIVER =
            ConfigOptions.key("consumer.max_deliver")
                    .longType()
                    .noDefaultValue()
                    .withDescription("How often the server delivers a message at most.");

    public static final ConfigOption<String> CONSUMER_REPLAY_POLICY =
            ConfigOptions.key("consumer.replay_policy")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("'instant' (default) or 'original' (at the original pace).");

    public static final ConfigOption<Integer> CONSUMER_SAMPLE_FREQUENCY =
            ConfigOptions.key("consumer.sample_frequency")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Percentage (0-100) of acks the server samples.");

    public static final ConfigOption<Long> CONSUMER_MAX_WAITING =
            ConfigOptions.key("consumer.max_waiting")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Maximum number of waiting pull requests.");

    public static final ConfigOption<Long> CONSUMER_MAX_ACK_PENDING =
            ConfigOptions.key("consumer.max_ack_pending")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Maximum number of unacked messages. Acks are sent when checkpoints"
                                    + " complete, so by default there is no limit"
                                    + " (2147483647) instead of the server's 1000.");

    public static final ConfigOption<Boolean> CONSUMER_HEADERS_ONLY =
            ConfigOptions.key("consumer.headers_only")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription("Deliver headers only (empty payloads).");

    public static final ConfigOption<Long> CONSUMER_MAX_BATCH =
            ConfigOptions.key("consumer.max_batch")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Largest pull batch the server accepts; caps 'nats.fetch.batch_size'.");

    public static final ConfigOption<Long> CONSUMER_MAX_BYTES =
            ConfigOptions.key("consumer.max_bytes")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Largest number of bytes one pull request may ask for.");

    public static final ConfigOption<Long> CONSUMER_MAX_EXPIRES_SEC =
            ConfigOptions.key("consumer.max_expires.sec")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Longest wait (seconds) of one pull request; caps"
                                    + " 'nats.fetch.max_wait'.");

    public static final ConfigOption<Long> CONSUMER_INACTIVE_THRESHOLD_SEC =
            ConfigOptions.key("consumer.inactive_threshold.sec")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Seconds of inactivity after which the server deletes the consumer."
                                    + " Ephemeral consumers default to 300; durable ones to"
                                    + " never.");

    public static final ConfigOption<Integer> CONSUMER_NUM_REPLICAS =
            ConfigOptions.key("consumer.num.replicas")
                    .intType()
                    .noDefaultValue()
                    .withFallbackKeys("consumer.num_replicas")
                    .withDescription(
                            "Replicas of the consumer state (alias 'consumer.num_replicas').");

    public static final ConfigOption<Boolean> CONSUMER_MEMORY_STORAGE =
            ConfigOptions.key("consumer.memory_storage")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription("Keep the consumer state in memory.");

    public static final ConfigOption<String> CONSUMER_BACKOFF_SEC =
            ConfigOptions.key("consumer.backoff.sec")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Comma-separated redelivery delays in seconds (needs"
                                    + " 'consumer.max_deliver' above their number).");

    public static final ConfigOption<String> ACK_MODE =
            ConfigOptions.key("nats.ack.mode")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "When the reader acks deliveries (consumers that take acks only):"
                                    + " 'checkpoint' once the checkpoint that covers them"
                                    + " completes; 'emit' as soon as they are emitted"
                                    + " (at-least-once, for jobs without checkpoints); 'auto'"
                                    + " 'checkpoint' when the job checkpoints in streaming mode,"
                                    + " else 'emit'.");

    // --------------------------------------------------------------------------------------------
    // Reading
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<Integer> FETCH_BATCH_SIZE =
            ConfigOptions.key("nats.fetch.batch_size")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Messages one pull request asks for.");

    public static final ConfigOption<MemorySize> FETCH_MAX_BYTES =
            ConfigOptions.key("nats.fetch.max_bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("4 mb"))
                    .withDescription(
                            "Byte budget of one pull request (its max_bytes): with the next"
                                    + " request asked for once half of it has been read, at most"
                                    + " one and a half budgets of messages wait in the client per"
                                    + " split. Raised to twice the server's max_payload (plus 4"
                                    + " KiB) so that every message fits; capped by"
                                    + " 'consumer.max_bytes'.");

    public static final ConfigOption<Duration> FETCH_MAX_WAIT =
            ConfigOptions.key("nats.fetch.max_wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long a pull request stays open on the server waiting for"
                                    + " messages (at least 1 s).");

    // --------------------------------------------------------------------------------------------
    // Keys of RisingWave's NATS source that make no sense here
    // --------------------------------------------------------------------------------------------

    /** Keys RisingWave knows that this source rejects, each with the reason it gives. */
    public static final Map<String, String> REJECTED_OPTIONS = rejectedOptions();

    private static Map<String, String> rejectedOptions() {
        Map<String, String> rejected = new LinkedHashMap<>();
        rejected.put(
                "consumer.deliver_policy",
                "RisingWave ignores it too: where reading starts is set by 'scan.startup.mode'.");
        rejected.put(
                "consumer.deliver_subject",
                "RisingWave ignores it too, and this source reads with pull consumers, which"
                        + " have no deliver subject.");
        rejected.put(
                "consumer.filter_subjects",
                "it has no effect in RisingWave either (the subject list overwrites it): list"
                        + " the subjects in 'subject'; each becomes one split with its own"
                        + " consumer.");
        rejected.put(
                "consumer.filter_subject",
                "each split's consumer filters on its own entry of 'subject': list the"
                        + " subjects there.");
        rejected.put(
                "consumer.rate_limit",
                "NATS applies a rate limit only to push consumers, and this source pulls.");
        return rejected;
    }

    /** The options a table must set. */
    public static final Set<ConfigOption<?>> REQUIRED_OPTIONS =
            new LinkedHashSet<>(List.of(SERVER_URL, SUBJECT, CONNECT_MODE));

    /** The options a table may set. */
    public static final Set<ConfigOption<?>> OPTIONAL_OPTIONS =
            new LinkedHashSet<>(
                    List.of(
                            USERNAME,
                            PASSWORD,
                            JWT,
                            NKEY,
                            TLS_TRUSTSTORE_PATH,
                            TLS_TRUSTSTORE_PASSWORD,
                            TLS_TRUSTSTORE_TYPE,
                            TLS_VERIFY_HOSTNAME,
                            CONNECTION_TIMEOUT,
                            RECONNECT_INITIAL_BACKOFF,
                            RECONNECT_MAX_BACKOFF,
                            STREAM,
                            ALLOW_CREATE_STREAM,
                            MAX_BYTES,
                            MAX_MESSAGES,
                            MAX_MESSAGES_PER_SUBJECT,
                            MAX_CONSUMERS,
                            MAX_MESSAGE_SIZE,
                            SCAN_STARTUP_MODE,
                            SCAN_STARTUP_TIMESTAMP_MILLIS,
                            SCAN_BOUNDED_MODE,
                            CONSUMER_DURABLE_NAME,
                            CONSUMER_NAME,
                            CONSUMER_DESCRIPTION,
                            CONSUMER_ACK_POLICY,
                            CONSUMER_ACK_WAIT_SEC,
                            CONSUMER_MAX_DELIVER,
                            CONSUMER_REPLAY_POLICY,
                            CONSUMER_SAMPLE_FREQUENCY,
                            CONSUMER_MAX_WAITING,
                            CONSUMER_MAX_ACK_PENDING,
                            CONSUMER_HEADERS_ONLY,
                            CONSUMER_MAX_BATCH,
                            CONSUMER_MAX_BYTES,
                            CONSUMER_MAX_EXPIRES_SEC,
                            CONSUMER_INACTIVE_THRESHOLD_SEC,
                            CONSUMER_NUM_REPLICAS,
                            CONSUMER_MEMORY_STORAGE,
                            CONSUMER_BACKOFF_SEC,
                            ACK_MODE,
                            FETCH_BATCH_SIZE,
                            FETCH_MAX_BYTES,
                            FETCH_MAX_WAIT));

    /** Every key this source understands, fallback keys included. */
    public static Set<String> supportedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Set<ConfigOption<?>> options : List.of(REQUIRED_OPTIONS, OPTIONAL_OPTIONS)) {
            for (ConfigOption<?> option : options) {
                keys.add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    keys.add(fallback.getKey());
                }
            }
        }
        return keys;
    }
}
