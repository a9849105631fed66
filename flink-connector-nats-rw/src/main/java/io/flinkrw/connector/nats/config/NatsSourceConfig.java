package io.flinkrw.connector.nats.config;

import io.flinkrw.common.config.OptionValidation;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.TimeUtils;

import io.nats.client.api.AckPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated options of a NATS JetStream source. Built here, from the SQL table options or the
 * DataStream builder's properties, and nowhere else: every check lives in this package.
 */
@Internal
public final class NatsSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(NatsSourceConfig.class);

    private final NatsConnectionConfig connection;
    private final List<String> subjects;

    /** The subjects read, one split each: {@link #subjects} unless narrowed by a query. */
    private final List<String> splitSubjects;

    private final NatsStreamSettings streamSettings;
    private final StartupMode startupMode;
    @Nullable private final Long startupTimestampMillis;
    private final BoundedMode boundedMode;
    private final NatsConsumerSettings consumer;
    private final int fetchBatchSize;
    private final Duration fetchMaxWait;
    private final AckMode ackMode;

    /** The job's source reader options (see {@link #forJob}); empty until then. */
    private final Map<String, String> readerOptions;

    private NatsSourceConfig(ReadableConfig options) {
        this.connection = NatsConnectionConfig.from(options);
        this.subjects =
                Subjects.parse(
                        OptionValidation.required(
                                options, NatsConnectorOptions.SUBJECT, "to know what to read"));
        this.splitSubjects = subjects;
        this.streamSettings = NatsStreamSettings.from(options);
        this.startupMode =
                StartupMode.of(
                        OptionValidation.oneOf(
                                options,
                                NatsConnectorOptions.SCAN_STARTUP_MODE,
                                StartupMode.VALUES));
        this.startupTimestampMillis =
                options.getOptional(NatsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS)
                        .orElse(null);
        if (startupMode == StartupMode.TIMESTAMP) {
            long millis =
                    OptionValidation.required(
                            options,
                            NatsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS,
                            "when 'scan.startup.mode' is 'timestamp' or 'timestamp_millis'");
            if (millis < 0) {
                throw new ValidationException(
                        String.format(
                                "Option '%s' must be epoch milliseconds (not negative), not %d.",
                                NatsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS.key(), millis));
            }
        } else if (startupTimestampMillis != null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' is only used when 'scan.startup.mode' is 'timestamp'"
                                    + " or 'timestamp_millis', not '%s'.",
                            NatsConnectorOptions.SCAN_STARTUP_TIMESTAMP_MILLIS.key(),
                            options.get(NatsConnectorOptions.SCAN_STARTUP_MODE)));
        }
        this.boundedMode =
                BoundedMode.of(
                        OptionValidation.oneOf(
                                options,
                                NatsConnectorOptions.SCAN_BOUNDED_MODE,
                                BoundedMode.VALUES));
        this.consumer = NatsConsumerSettings.from(options, subjects);
        int batch = options.get(NatsConnectorOptions.FETCH_BATCH_SIZE);
        if (batch < 1) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be at least 1, not %d.",
                            NatsConnectorOptions.FETCH_BATCH_SIZE.key(), batch));
        }
        Duration maxWait = options.get(NatsConnectorOptions.FETCH_MAX_WAIT);
        if (maxWait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be at least 1 s, not %s.",
                            NatsConnectorOptions.FETCH_MAX_WAIT.key(), maxWait));
        }
        this.fetchBatchSize = consumer.effectiveBatchSize(batch);
        this.fetchMaxWait = consumer.effectiveMaxWait(maxWait);
        this.ackMode =
                AckMode.of(
                        OptionValidation.oneOf(
                                options, NatsConnectorOptions.ACK_MODE, AckMode.VALUES));
        this.readerOptions = Map.of();
    }

    /**
     * Validates table options whose keys Flink's factory helper has already checked (it knows the
     * format's keys too); fails on keys of RisingWave's NATS source that make no sense here.
     */
    public static NatsSourceConfig fromTableOptions(ReadableConfig options, Set<String> keys) {
        rejectUnsupported(keys);
        return new NatsSourceConfig(options);
    }

    /**
     * Validates a RisingWave option map as it is (for the DataStream builder): unknown keys and
     * keys that make no sense here fail, naming the key.
     */
    public static NatsSourceConfig fromProperties(Map<String, String> properties) {
        rejectUnsupported(properties.keySet());
        Set<String> supported = NatsConnectorOptions.supportedKeys();
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(supported);
        unknown.remove("connector");
        if (!unknown.isEmpty()) {
            throw new ValidationException(
                    String.format(
                            "Unsupported option(s) of the NATS source: %s. Supported options: %s.",
                            String.join(", ", unknown),
                            String.join(", ", new TreeSet<>(supported))));
        }
        return new NatsSourceConfig(Configuration.fromMap(properties));
    }

    private NatsSourceConfig(
            NatsSourceConfig base,
            List<String> splitSubjects,
            AckMode ackMode,
            Map<String, String> readerOptions) {
        this.connection = base.connection;
        this.subjects = base.subjects;
        this.splitSubjects =
                splitSubjects == base.splitSubjects ? splitSubjects : List.copyOf(splitSubjects);
        this.streamSettings = base.streamSettings;
        this.startupMode = base.startupMode;
        this.startupTimestampMillis = base.startupTimestampMillis;
        this.boundedMode = base.boundedMode;
        this.consumer = base.consumer;
        this.fetchBatchSize = base.fetchBatchSize;
        this.fetchMaxWait = base.fetchMaxWait;
        this.ackMode = ackMode;
        this.readerOptions = readerOptions;
    }

    /**
     * These options reading only those of {@code wanted} (published subjects, as a query's {@code
     * WHERE subject IN (...)} names them) that an entry of {@link #splitSubjects()} matches: one
     * split each, in sorted order. None matching means nothing is read.
     *
     * @throws ValidationException when two of the subjects would share a durable consumer
     */
    public NatsSourceConfig narrowedTo(Collection<String> wanted) {
        List<String> narrowed = Subjects.coveredBy(splitSubjects, wanted);
        consumer.checkDistinctDurableNames(narrowed);
        return new NatsSourceConfig(this, narrowed, ackMode, readerOptions);
    }

    /**
     * These options with {@link AckMode#AUTO} resolved for a job configured by {@code job} (see
     * {@link AckMode#resolve}), and, when {@code job} is complete, with the job's source reader
     * options ({@link SourceReaderOptions}), which a reader's own context does not hold (it gets
     * the TaskManager's configuration); unchanged when {@code job} does not tell. Warns (when
     * {@code warn}) if acks wait for checkpoints that come less often than the consumers' ack wait.
     *
     * @param complete whether {@code job} is the job's own configuration, so that no checkpoint
     *     interval means no checkpoints
     */
    public NatsSourceConfig forJob(ReadableConfig job, boolean complete, boolean warn) {
        AckMode resolved = ackMode == AckMode.AUTO ? AckMode.resolve(job, complete) : ackMode;
        if (resolved == null) {
            return this;
        }
        Map<String, String> reader = complete ? readerOptionsOf(job) : readerOptions;
        if (warn && resolved == AckMode.CHECKPOINT && consumer.ackPolicy() != AckPolicy.None) {
            AckMode.checkpointInterval(job)
                    .filter(interval -> interval.compareTo(consumer.ackWait()) > 0)
                    .ifPresent(
                            interval ->
                                    LOG.warn(
                                            "The NATS consumers' ack wait ({}, option '{}') is"
                                                    + " shorter than the checkpoint interval"
                                                    + " ({}): acks follow completed checkpoints,"
                                                    + " so the server redelivers messages before"
                                                    + " they are acked. Raise '{}' above the"
                                                    + " checkpoint interval.",
                                            TimeUtils.formatWithHighestUnit(consumer.ackWait()),
                                            NatsConnectorOptions.CONSUMER_ACK_WAIT_SEC.key(),
                                            TimeUtils.formatWithHighestUnit(interval),
                                            NatsConnectorOptions.CONSUMER_ACK_WAIT_SEC.key()));
        }
        return resolved == ackMode && reader.equals(readerOptions)
                ? this
                : new NatsSourceConfig(this, splitSubjects, resolved, reader);
    }

    private static Map<String, String> readerOptionsOf(ReadableConfig job) {
        Map<String, String> options = new HashMap<>();
        job.getOptional(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY)
                .ifPresent(
                        capacity ->
                                options.put(
                                        SourceReaderOptions.ELEMENT_QUEUE_CAPACITY.key(),
                                        String.valueOf(capacity)));
        job.getOptional(SourceReaderOptions.SOURCE_READER_CLOSE_TIMEOUT)
                .ifPresent(
                        timeout ->
                                options.put(
                                        SourceReaderOptions.SOURCE_READER_CLOSE_TIMEOUT.key(),
                                        String.valueOf(timeout)));
        return Map.copyOf(options);
    }

    private static void rejectUnsupported(Collection<String> keys) {
        for (String key : keys) {
            String reason = NatsConnectorOptions.REJECTED_OPTIONS.get(key);
            if (reason != null) {
                throw new ValidationException(
                        String.format("Option '%s' is not supported: %s", key, reason));
            }
        }
    }

    public NatsConnectionConfig connection() {
        return connection;
    }

    /** The subjects of the {@code subject} option. */
    public List<String> subjects() {
        return subjects;
    }

    /**
     * The subjects read, one split each: the {@code subject} option's, or the published subjects a
     * query narrowed them to ({@link #narrowedTo}).
     */
    public List<String> splitSubjects() {
        return splitSubjects;
    }

    /** Whether a query narrowed the subjects read. */
    public boolean isNarrowed() {
        return splitSubjects != subjects;
    }

    public NatsStreamSettings streamSettings() {
        return streamSettings;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    /** The start of {@link StartupMode#TIMESTAMP}, epoch milliseconds. */
    public long startupTimestampMillis() {
        return Objects.requireNonNull(startupTimestampMillis);
    }

    public BoundedMode boundedMode() {
        return boundedMode;
    }

    public NatsConsumerSettings consumer() {
        return consumer;
    }

    /** Messages per pull request (already capped by {@code consumer.max_batch}). */
    public int fetchBatchSize() {
        return fetchBatchSize;
    }

    /** How long a pull request waits (already capped by {@code consumer.max_expires.sec}). */
    public Duration fetchMaxWait() {
        return fetchMaxWait;
    }

    /** These options with {@code ackMode}. */
    public NatsSourceConfig withAckMode(AckMode ackMode) {
        return ackMode == this.ackMode
                ? this
                : new NatsSourceConfig(this, splitSubjects, ackMode, readerOptions);
    }

    /** The job's source reader options taken {@link #forJob for a job}, by key. */
    public Map<String, String> readerOptions() {
        return readerOptions;
    }

    /** When deliveries are acked; {@link AckMode#AUTO} until resolved {@link #forJob for a job}. */
    public AckMode ackMode() {
        return ackMode;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsSourceConfig)) {
            return false;
        }
        NatsSourceConfig that = (NatsSourceConfig) o;
        return connection.equals(that.connection)
                && subjects.equals(that.subjects)
                && splitSubjects.equals(that.splitSubjects)
                && streamSettings.equals(that.streamSettings)
                && startupMode == that.startupMode
                && Objects.equals(startupTimestampMillis, that.startupTimestampMillis)
                && boundedMode == that.boundedMode
                && consumer.equals(that.consumer)
                && fetchBatchSize == that.fetchBatchSize
                && fetchMaxWait.equals(that.fetchMaxWait)
                && ackMode == that.ackMode
                && readerOptions.equals(that.readerOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, subjects, streamSettings, startupMode, boundedMode);
    }

    @Override
    public String toString() {
        return "NatsSourceConfig{"
                + connection
                + ", subjects="
                + subjects
                + (isNarrowed() ? ", narrowed to " + splitSubjects : "")
                + ", "
                + streamSettings
                + ", startupMode="
                + startupMode
                + (startupTimestampMillis != null ? "@" + startupTimestampMillis : "")
                + ", boundedMode="
                + boundedMode
                + ", "
                + consumer
                + ", fetchBatchSize="
                + fetchBatchSize
                + ", fetchMaxWait="
                + fetchMaxWait
                + ", ackMode="
                + ackMode
                + '}';
    }
}
