package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.List;

/**
 * Every option of the Kinesis source, with RisingWave's keys and meanings. The SQL factory and the
 * DataStream builder both accept exactly these keys (and the legacy {@code kinesis.*} aliases);
 * {@link KinesisSourceConfig#fromOptions} validates them in one place.
 */
@PublicEvolving
public final class KinesisConnectorOptions {

    private KinesisConnectorOptions() {}

    // --------------------------------------------------------------------------------------------
    // Stream and AWS access (RisingWave keys)
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("stream")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.stream.name")
                    .withDescription("Required. The name of the Kinesis data stream.");

    public static final ConfigOption<String> AWS_REGION =
            ConfigOptions.key("aws.region")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.stream.region")
                    .withDescription(
                            "Required. The AWS region of the stream, for example 'us-east-1'.");

    public static final ConfigOption<String> ENDPOINT =
            ConfigOptions.key("endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.endpoint")
                    .withDescription(
                            "The URL of the Kinesis endpoint (http:// or https://), instead of the"
                                    + " region's own. The region still signs the requests.");

    public static final ConfigOption<String> ACCESS_KEY_ID =
            ConfigOptions.key("aws.credentials.access_key_id")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.credentials.access")
                    .withDescription(
                            "The access key id of static credentials; needs"
                                    + " 'aws.credentials.secret_access_key'. Without static keys"
                                    + " the AWS SDK's default credential chain is used.");

    public static final ConfigOption<String> SECRET_ACCESS_KEY =
            ConfigOptions.key("aws.credentials.secret_access_key")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.credentials.secret")
                    .withDescription(
                            "The secret access key of static credentials; needs"
                                    + " 'aws.credentials.access_key_id'. Never logged.");

    public static final ConfigOption<String> SESSION_TOKEN =
            ConfigOptions.key("aws.credentials.session_token")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.credentials.session_token")
                    .withDescription(
                            "The session token of temporary static credentials. Never logged.");

    public static final ConfigOption<String> ROLE_ARN =
            ConfigOptions.key("aws.credentials.role.arn")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.assumerole.arn")
                    .withDescription(
                            "A role to assume with STS AssumeRole, on top of the static keys or"
                                    + " the default credential chain.");

    public static final ConfigOption<String> ROLE_EXTERNAL_ID =
            ConfigOptions.key("aws.credentials.role.external_id")
                    .stringType()
                    .noDefaultValue()
                    .withDeprecatedKeys("kinesis.assumerole.external_id")
                    .withDescription(
                            "The external id of the AssumeRole call; needs"
                                    + " 'aws.credentials.role.arn'.");

    // --------------------------------------------------------------------------------------------
    // Where to start and where to stop
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .stringType()
                    .defaultValue(StartupMode.EARLIEST.value())
                    .withDeprecatedKeys("kinesis.scan.startup.mode")
                    .withDescription(
                            "Where shards without a checkpointed position start: 'earliest' (the"
                                    + " oldest record kept), 'latest' (records that arrive after"
                                    + " the job was submitted), 'sequence_number' (after"
                                    + " 'scan.startup.sequence_number'), 'timestamp' (records"
                                    + " that arrived at or after"
                                    + " 'scan.startup.timestamp.millis').");

    public static final ConfigOption<String> SCAN_STARTUP_SEQUENCE_NUMBER =
            ConfigOptions.key("scan.startup.sequence_number")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'scan.startup.mode' = 'sequence_number': start after this"
                                    + " sequence number, either one number for every shard or"
                                    + " 'shardId-000000000000:4961...;shardId-000000000001:4962...'"
                                    + " (shards not listed start at the earliest record).");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS =
            ConfigOptions.key("scan.startup.timestamp.millis")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'scan.startup.mode' = 'timestamp': start at the records that"
                                    + " arrived at or after this instant (epoch milliseconds).");

    public static final ConfigOption<String> SCAN_BOUNDED_MODE =
            ConfigOptions.key("scan.bounded.mode")
                    .stringType()
                    .defaultValue(BoundedMode.UNBOUNDED.value())
                    .withDescription(
                            "'unbounded' reads forever; 'latest' stops each shard at the records"
                                    + " that arrived after the source started (a bounded job).");

    // --------------------------------------------------------------------------------------------
    // AWS SDK client (RisingWave's kinesis.sdk.* keys)
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<Long> SDK_CONNECT_TIMEOUT_MS =
            ConfigOptions.key("kinesis.sdk.connect_timeout_ms")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription("Timeout to open an HTTP connection, in milliseconds.");

    public static final ConfigOption<Long> SDK_READ_TIMEOUT_MS =
            ConfigOptions.key("kinesis.sdk.read_timeout_ms")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription(
                            "Timeout for reading from an open HTTP connection, in milliseconds.");

    public static final ConfigOption<Long> SDK_OPERATION_TIMEOUT_MS =
            ConfigOptions.key("kinesis.sdk.operation_timeout_ms")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription(
                            "Timeout for one API call including all its retries, in"
                                    + " milliseconds.");

    public static final ConfigOption<Long> SDK_OPERATION_ATTEMPT_TIMEOUT_MS =
            ConfigOptions.key("kinesis.sdk.operation_attempt_timeout_ms")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription("Timeout for one attempt of an API call, in milliseconds.");

    public static final ConfigOption<Integer> SDK_MAX_RETRY_LIMIT =
            ConfigOptions.key("kinesis.sdk.max_retry_limit")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Attempts per API call in the SDK's standard retry mode, the first"
                                    + " one included.");

    public static final ConfigOption<Long> SDK_INIT_BACKOFF_MS =
            ConfigOptions.key("kinesis.sdk.init_backoff_ms")
                    .longType()
                    .defaultValue(1_000L)
                    .withDescription("The SDK's first retry backoff, in milliseconds.");

    public static final ConfigOption<Long> SDK_MAX_BACKOFF_MS =
            ConfigOptions.key("kinesis.sdk.max_backoff_ms")
                    .longType()
                    .defaultValue(20_000L)
                    .withDescription(
                            "The longest retry backoff of the SDK, and of the reader after"
                                    + " throttling, in milliseconds.");

    // --------------------------------------------------------------------------------------------
    // Polling reader (RisingWave's kinesis.reader.* keys and our own)
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<Long> READER_ERROR_RETRY_INTERVAL_MS =
            ConfigOptions.key("kinesis.reader.error_retry_interval_ms")
                    .longType()
                    .defaultValue(200L)
                    .withDescription(
                            "How long a shard waits after an empty GetRecords (the idle poll"
                                    + " interval), and the first backoff after a recoverable"
                                    + " error, in milliseconds.");

    public static final ConfigOption<Long> READER_EOF_RETRY_INTERVAL_MS =
            ConfigOptions.key("kinesis.reader.eof_retry_interval_ms")
                    .longType()
                    .defaultValue(1_000L)
                    .withDescription(
                            "How long a shard waits before it creates a new shard iterator after"
                                    + " GetRecords rejected the old one as invalid, in"
                                    + " milliseconds. An expired iterator is renewed at once.");

    public static final ConfigOption<Long> READER_NONEMPTY_READ_INTERVAL_MS =
            ConfigOptions.key("kinesis.reader.nonempty_read_interval_ms")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "How long a shard waits after a GetRecords that returned records, in"
                                    + " milliseconds. Kinesis' limits apply on top: at most 5"
                                    + " GetRecords per second and 2 MB per second per shard.");

    public static final ConfigOption<Integer> READER_MAX_RECORDS_PER_CALL =
            ConfigOptions.key("kinesis.reader.max_records_per_call")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("The most records one GetRecords call returns (1 to 10000).");

    // --------------------------------------------------------------------------------------------
    // Our own keys
    // --------------------------------------------------------------------------------------------

    public static final ConfigOption<Long> SHARD_DISCOVERY_INTERVAL_MS =
            ConfigOptions.key("kinesis.shard_discovery_interval_ms")
                    .longType()
                    .defaultValue(10_000L)
                    .withDescription(
                            "How often the stream is listed for new shards (resharding), in"
                                    + " milliseconds. A shard that ends also triggers a"
                                    + " listing.");

    public static final ConfigOption<String> READER_TYPE =
            ConfigOptions.key("kinesis.reader.type")
                    .stringType()
                    .defaultValue(ReaderType.POLLING.value())
                    .withDescription(
                            "How records are fetched: 'polling' (GetRecords, sharing each shard's"
                                    + " read limits with the stream's other consumers) or 'efo'"
                                    + " (enhanced fan-out: SubscribeToShard over HTTP/2 with a"
                                    + " stream consumer named by 'kinesis.efo.consumer_name',"
                                    + " each consumer with its own read throughput).");

    public static final ConfigOption<String> EFO_CONSUMER_NAME =
            ConfigOptions.key("kinesis.efo.consumer_name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'kinesis.reader.type' = 'efo': the stream consumer to read"
                                    + " through. It is registered if it does not exist (and then"
                                    + " deregistered when the job ends) and used as it is if it"
                                    + " does. Give each job its own.");

    public static final ConfigOption<Long> EFO_SUBSCRIPTION_IDLE_TIMEOUT_MS =
            ConfigOptions.key("kinesis.efo.subscription_idle_timeout_ms")
                    .longType()
                    .defaultValue(30_000L)
                    .withDescription(
                            "With 'kinesis.reader.type' = 'efo': a subscription that delivers no"
                                    + " event (Kinesis also sends empty ones) for this long, while"
                                    + " the reader is waiting for one, is replaced, in"
                                    + " milliseconds.");

    public static final ConfigOption<Boolean> KPL_DEAGGREGATION =
            ConfigOptions.key("kinesis.kpl_deaggregation")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether records in the Kinesis Producer Library's aggregated format"
                                    + " are read as their user records (each with its own"
                                    + " partition key). Records that are not aggregated are read"
                                    + " as they are either way.");

    public static final ConfigOption<String> STS_ENDPOINT =
            ConfigOptions.key("kinesis.sts.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The URL of the STS endpoint that AssumeRole calls go to, instead of"
                                    + " the region's own.");

    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    /** Every option the source understands (the SQL factory adds 'format' and its options). */
    public static List<ConfigOption<?>> sourceOptions() {
        return List.of(
                STREAM,
                AWS_REGION,
                ENDPOINT,
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                SESSION_TOKEN,
                ROLE_ARN,
                ROLE_EXTERNAL_ID,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_SEQUENCE_NUMBER,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_BOUNDED_MODE,
                SDK_CONNECT_TIMEOUT_MS,
                SDK_READ_TIMEOUT_MS,
                SDK_OPERATION_TIMEOUT_MS,
                SDK_OPERATION_ATTEMPT_TIMEOUT_MS,
                SDK_MAX_RETRY_LIMIT,
                SDK_INIT_BACKOFF_MS,
                SDK_MAX_BACKOFF_MS,
                READER_ERROR_RETRY_INTERVAL_MS,
                READER_EOF_RETRY_INTERVAL_MS,
                READER_NONEMPTY_READ_INTERVAL_MS,
                READER_MAX_RECORDS_PER_CALL,
                SHARD_DISCOVERY_INTERVAL_MS,
                READER_TYPE,
                EFO_CONSUMER_NAME,
                EFO_SUBSCRIPTION_IDLE_TIMEOUT_MS,
                KPL_DEAGGREGATION,
                STS_ENDPOINT);
    }
}
