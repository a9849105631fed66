package io.flinkrw.connector.kinesis.config;

import io.flinkrw.common.aws.AwsCredentialsConfig;
import io.flinkrw.common.config.OptionValidation;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.ACCESS_KEY_ID;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.AWS_REGION;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.EFO_CONSUMER_NAME;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.EFO_SUBSCRIPTION_IDLE_TIMEOUT_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.ENDPOINT;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.KPL_DEAGGREGATION;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.READER_EOF_RETRY_INTERVAL_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.READER_ERROR_RETRY_INTERVAL_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.READER_MAX_RECORDS_PER_CALL;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.READER_NONEMPTY_READ_INTERVAL_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.READER_TYPE;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.ROLE_ARN;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.ROLE_EXTERNAL_ID;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SCAN_BOUNDED_MODE;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SCAN_STARTUP_MODE;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_CONNECT_TIMEOUT_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_INIT_BACKOFF_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_MAX_BACKOFF_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_MAX_RETRY_LIMIT;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_OPERATION_ATTEMPT_TIMEOUT_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_OPERATION_TIMEOUT_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SDK_READ_TIMEOUT_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SECRET_ACCESS_KEY;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SESSION_TOKEN;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.SHARD_DISCOVERY_INTERVAL_MS;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.STREAM;
import static io.flinkrw.connector.kinesis.config.KinesisConnectorOptions.STS_ENDPOINT;

/**
 * The validated settings of one Kinesis source. {@link #fromOptions} is the one place where the
 * options of {@link KinesisConnectorOptions} are checked, for the SQL factory and the DataStream
 * builder alike: every problem is a {@link ValidationException} that names the key and, where there
 * is a choice, the allowed values. Serializable and safe to print (secrets are masked).
 */
@Internal
public final class KinesisSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What Kinesis accepts as a stream consumer name. */
    private static final Pattern CONSUMER_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    private final String stream;
    private final KinesisClientSettings client;
    private final StartupMode startupMode;
    @Nullable private final StartupSequenceNumbers startupSequenceNumbers;
    @Nullable private final Long startupTimestampMillis;
    private final BoundedMode boundedMode;
    private final PollingSettings polling;
    private final Duration shardDiscoveryInterval;
    private final ReaderType readerType;
    @Nullable private final FanOutSettings fanOut;
    private final boolean kplDeaggregation;

    private KinesisSourceConfig(
            String stream,
            KinesisClientSettings client,
            StartupMode startupMode,
            @Nullable StartupSequenceNumbers startupSequenceNumbers,
            @Nullable Long startupTimestampMillis,
            BoundedMode boundedMode,
            PollingSettings polling,
            Duration shardDiscoveryInterval,
            ReaderType readerType,
            @Nullable FanOutSettings fanOut,
            boolean kplDeaggregation) {
        this.stream = stream;
        this.client = client;
        this.startupMode = startupMode;
        this.startupSequenceNumbers = startupSequenceNumbers;
        this.startupTimestampMillis = startupTimestampMillis;
        this.boundedMode = boundedMode;
        this.polling = polling;
        this.shardDiscoveryInterval = shardDiscoveryInterval;
        this.readerType = readerType;
        this.fanOut = fanOut;
        this.kplDeaggregation = kplDeaggregation;
    }

    /** Validates {@code options} and returns the settings they describe. */
    public static KinesisSourceConfig fromOptions(ReadableConfig options) {
        String stream = nonBlank(options, STREAM, "to name the stream to read");
        String region = nonBlank(options, AWS_REGION, "to sign the requests");
        URI endpoint = url(options, ENDPOINT);

        StartupMode startupMode =
                StartupMode.of(
                        OptionValidation.oneOf(
                                options, SCAN_STARTUP_MODE, StartupMode.optionValues()));
        StartupSequenceNumbers sequenceNumbers = null;
        Long timestampMillis = null;
        if (startupMode == StartupMode.SEQUENCE_NUMBER) {
            sequenceNumbers =
                    StartupSequenceNumbers.parse(
                            OptionValidation.required(
                                    options,
                                    SCAN_STARTUP_SEQUENCE_NUMBER,
                                    "when 'scan.startup.mode' is 'sequence_number'"));
        } else {
            onlyWithMode(options, SCAN_STARTUP_SEQUENCE_NUMBER, StartupMode.SEQUENCE_NUMBER);
        }
        if (startupMode == StartupMode.TIMESTAMP) {
            timestampMillis =
                    OptionValidation.required(
                            options,
                            SCAN_STARTUP_TIMESTAMP_MILLIS,
                            "when 'scan.startup.mode' is 'timestamp'");
            if (timestampMillis < 0) {
                throw invalid(
                        SCAN_STARTUP_TIMESTAMP_MILLIS,
                        timestampMillis,
                        "expected milliseconds since the epoch (0 or more)");
            }
        } else {
            onlyWithMode(options, SCAN_STARTUP_TIMESTAMP_MILLIS, StartupMode.TIMESTAMP);
        }
        BoundedMode boundedMode =
                BoundedMode.of(
                        OptionValidation.oneOf(
                                options, SCAN_BOUNDED_MODE, BoundedMode.optionValues()));

        KinesisClientSettings client =
                new KinesisClientSettings(
                        region,
                        endpoint,
                        credentials(options),
                        positiveMillis(options, SDK_CONNECT_TIMEOUT_MS),
                        positiveMillis(options, SDK_READ_TIMEOUT_MS),
                        positiveMillis(options, SDK_OPERATION_TIMEOUT_MS),
                        positiveMillis(options, SDK_OPERATION_ATTEMPT_TIMEOUT_MS),
                        atLeast(options, SDK_MAX_RETRY_LIMIT, 1, Integer.MAX_VALUE),
                        nonNegativeMillis(options, SDK_INIT_BACKOFF_MS),
                        positiveMillis(options, SDK_MAX_BACKOFF_MS));
        PollingSettings polling =
                new PollingSettings(
                        atLeast(
                                options,
                                READER_MAX_RECORDS_PER_CALL,
                                1,
                                PollingSettings.MAX_RECORDS_LIMIT),
                        nonNegativeMillis(options, READER_ERROR_RETRY_INTERVAL_MS),
                        nonNegativeMillis(options, READER_NONEMPTY_READ_INTERVAL_MS),
                        nonNegativeMillis(options, READER_EOF_RETRY_INTERVAL_MS),
                        client.maxBackoff());
        ReaderType readerType =
                ReaderType.of(
                        OptionValidation.oneOf(options, READER_TYPE, ReaderType.optionValues()));
        FanOutSettings fanOut = null;
        if (readerType == ReaderType.EFO) {
            String consumerName =
                    nonBlank(options, EFO_CONSUMER_NAME, "when 'kinesis.reader.type' is 'efo'");
            if (!CONSUMER_NAME.matcher(consumerName).matches()) {
                throw invalid(
                        EFO_CONSUMER_NAME,
                        consumerName,
                        "expected 1 to 128 letters, digits, '_', '.' or '-'");
            }
            fanOut =
                    new FanOutSettings(
                            consumerName,
                            positiveMillis(options, EFO_SUBSCRIPTION_IDLE_TIMEOUT_MS),
                            polling.emptyReadInterval(),
                            client.maxBackoff());
        } else {
            onlyWithFanOut(options, EFO_CONSUMER_NAME);
            onlyWithFanOut(options, EFO_SUBSCRIPTION_IDLE_TIMEOUT_MS);
        }
        return new KinesisSourceConfig(
                stream,
                client,
                startupMode,
                sequenceNumbers,
                timestampMillis,
                boundedMode,
                polling,
                positiveMillis(options, SHARD_DISCOVERY_INTERVAL_MS),
                readerType,
                fanOut,
                typed(options, KPL_DEAGGREGATION));
    }

    /**
     * Fails on a key the source does not know, naming it and the supported keys; for option maps
     * that no SQL factory has checked (the DataStream builder).
     */
    public static void checkSupportedKeys(Collection<String> keys) {
        Set<String> supported = supportedKeys();
        for (String key : keys) {
            if (!supported.contains(key)) {
                throw new ValidationException(
                        String.format(
                                "Unsupported option '%s' for the Kinesis source. Supported"
                                        + " options: %s.",
                                key, String.join(", ", supported)));
            }
        }
    }

    /** Every key of {@link KinesisConnectorOptions#sourceOptions()} and its legacy aliases. */
    public static Set<String> supportedKeys() {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> option : KinesisConnectorOptions.sourceOptions()) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        return keys;
    }

    private static AwsCredentialsConfig credentials(ReadableConfig options) {
        OptionValidation.pair(options, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
        AwsCredentialsConfig.Builder credentials = AwsCredentialsConfig.builder();
        Optional<String> accessKeyId = options.getOptional(ACCESS_KEY_ID);
        if (accessKeyId.isPresent()) {
            credentials.staticKeys(accessKeyId.get(), options.get(SECRET_ACCESS_KEY));
        }
        Optional<String> sessionToken = options.getOptional(SESSION_TOKEN);
        if (sessionToken.isPresent()) {
            if (accessKeyId.isEmpty()) {
                throw new ValidationException(
                        String.format(
                                "Option '%s' requires options '%s' and '%s': a session token"
                                        + " belongs to temporary static keys.",
                                SESSION_TOKEN.key(), ACCESS_KEY_ID.key(), SECRET_ACCESS_KEY.key()));
            }
            credentials.sessionToken(sessionToken.get());
        }
        Optional<String> roleArn = options.getOptional(ROLE_ARN);
        Optional<String> externalId = options.getOptional(ROLE_EXTERNAL_ID);
        if (externalId.isPresent() && roleArn.isEmpty()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' requires option '%s': the external id belongs to the"
                                    + " AssumeRole call.",
                            ROLE_EXTERNAL_ID.key(), ROLE_ARN.key()));
        }
        roleArn.ifPresent(credentials::roleArn);
        externalId.ifPresent(credentials::externalId);
        URI stsEndpoint = url(options, STS_ENDPOINT);
        if (stsEndpoint != null) {
            if (roleArn.isEmpty()) {
                throw new ValidationException(
                        String.format(
                                "Option '%s' requires option '%s': only AssumeRole calls STS.",
                                STS_ENDPOINT.key(), ROLE_ARN.key()));
            }
            credentials.stsEndpoint(stsEndpoint);
        }
        return credentials.build();
    }

    private static String nonBlank(
            ReadableConfig options, ConfigOption<String> option, String because) {
        String value = OptionValidation.required(options, option, because);
        if (value.isBlank()) {
            throw new ValidationException(
                    String.format("Option '%s' must not be empty.", option.key()));
        }
        return value.trim();
    }

    @Nullable
    private static URI url(ReadableConfig options, ConfigOption<String> option) {
        Optional<String> value = options.getOptional(option);
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value.get().trim());
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(option, value.get(), "expected an http:// or https:// URL");
    }

    private static void onlyWithMode(
            ReadableConfig options, ConfigOption<?> option, StartupMode mode) {
        if (options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' only applies when '%s' is '%s' (it is '%s').",
                            option.key(),
                            SCAN_STARTUP_MODE.key(),
                            mode.value(),
                            options.get(SCAN_STARTUP_MODE)));
        }
    }

    private static void onlyWithFanOut(ReadableConfig options, ConfigOption<?> option) {
        if (options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' only applies when '%s' is '%s' (it is '%s').",
                            option.key(),
                            READER_TYPE.key(),
                            ReaderType.EFO.value(),
                            options.get(READER_TYPE)));
        }
    }

    /** The value of a typed option; one that does not parse names the key and the problem. */
    private static <T> T typed(ReadableConfig options, ConfigOption<T> option) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s", option.key(), e.getMessage()),
                    e);
        }
    }

    private static Duration positiveMillis(ReadableConfig options, ConfigOption<Long> option) {
        long value = typed(options, option);
        if (value <= 0) {
            throw invalid(option, value, "expected a positive number of milliseconds");
        }
        return Duration.ofMillis(value);
    }

    private static Duration nonNegativeMillis(ReadableConfig options, ConfigOption<Long> option) {
        long value = typed(options, option);
        if (value < 0) {
            throw invalid(option, value, "expected 0 or more milliseconds");
        }
        return Duration.ofMillis(value);
    }

    private static int atLeast(
            ReadableConfig options, ConfigOption<Integer> option, int min, int max) {
        int value = typed(options, option);
        if (value < min || value > max) {
            throw invalid(
                    option,
                    value,
                    max == Integer.MAX_VALUE
                            ? "expected " + min + " or more"
                            : "expected " + min + " to " + max);
        }
        return value;
    }

    private static ValidationException invalid(ConfigOption<?> option, Object value, String why) {
        return new ValidationException(
                String.format("Invalid value '%s' for option '%s': %s.", value, option.key(), why));
    }

    public String stream() {
        return stream;
    }

    public KinesisClientSettings client() {
        return client;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    /** Set when the startup mode is {@link StartupMode#SEQUENCE_NUMBER}. */
    @Nullable
    public StartupSequenceNumbers startupSequenceNumbers() {
        return startupSequenceNumbers;
    }

    /** Set when the startup mode is {@link StartupMode#TIMESTAMP}. */
    @Nullable
    public Long startupTimestampMillis() {
        return startupTimestampMillis;
    }

    public BoundedMode boundedMode() {
        return boundedMode;
    }

    public boolean isBounded() {
        return boundedMode == BoundedMode.LATEST;
    }

    public PollingSettings polling() {
        return polling;
    }

    public Duration shardDiscoveryInterval() {
        return shardDiscoveryInterval;
    }

    public ReaderType readerType() {
        return readerType;
    }

    /** Set when the reader type is {@link ReaderType#EFO}. */
    @Nullable
    public FanOutSettings fanOut() {
        return fanOut;
    }

    /** Whether KPL aggregated records are read as their user records. */
    public boolean kplDeaggregation() {
        return kplDeaggregation;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisSourceConfig)) {
            return false;
        }
        KinesisSourceConfig that = (KinesisSourceConfig) o;
        return stream.equals(that.stream)
                && client.equals(that.client)
                && startupMode == that.startupMode
                && Objects.equals(startupSequenceNumbers, that.startupSequenceNumbers)
                && Objects.equals(startupTimestampMillis, that.startupTimestampMillis)
                && boundedMode == that.boundedMode
                && polling.equals(that.polling)
                && shardDiscoveryInterval.equals(that.shardDiscoveryInterval)
                && readerType == that.readerType
                && Objects.equals(fanOut, that.fanOut)
                && kplDeaggregation == that.kplDeaggregation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, client, startupMode, boundedMode);
    }

    @Override
    public String toString() {
        return "KinesisSourceConfig{stream="
                + stream
                + ", client="
                + client
                + ", startupMode="
                + startupMode.value()
                + (startupSequenceNumbers != null
                        ? ", startupSequenceNumbers=" + startupSequenceNumbers
                        : "")
                + (startupTimestampMillis != null
                        ? ", startupTimestampMillis=" + startupTimestampMillis
                        : "")
                + ", boundedMode="
                + boundedMode.value()
                + ", polling="
                + polling
                + ", shardDiscoveryInterval="
                + shardDiscoveryInterval
                + ", readerType="
                + readerType.value()
                + (fanOut != null ? ", fanOut=" + fanOut : "")
                + ", kplDeaggregation="
                + kplDeaggregation
                + '}';
    }
}
