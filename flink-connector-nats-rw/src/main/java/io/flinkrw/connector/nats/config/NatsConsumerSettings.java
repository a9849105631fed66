package io.flinkrw.connector.nats.config;

import io.flinkrw.common.config.OptionValidation;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ReplayPolicy;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The consumers that read the splits: durable ones named from {@code consumer.durable_name}, or
 * ephemeral ones, and the {@code consumer.*} settings both get.
 */
@Internal
public final class NatsConsumerSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Ephemeral consumers vanish from the server this long after their reader stopped pulling. */
    static final long DEFAULT_EPHEMERAL_INACTIVE_THRESHOLD_SEC = 300;

    /** nats-server's ack wait when a consumer sets none. */
    private static final long SERVER_DEFAULT_ACK_WAIT_SEC = 30;

    /** Characters NATS does not allow in consumer names. */
    /**
     * What a delivery adds to its payload in the server's byte count: its subject and reply
     * subject, which fit nats-server's default control line of 4 KiB.
     */
    private static final long MAX_SUBJECTS_BYTES = 4096;

    private static final Pattern INVALID_NAME = Pattern.compile("[\\s.*>/\\\\]");

    /** What each character NATS forbids in a name becomes in a derived consumer name. */
    private static final Pattern SUBJECT_TO_NAME = Pattern.compile("[\\s.*>/\\\\]");

    @Nullable private final String durableName;
    private final Map<String, String> durableNameBySubject;
    @Nullable private final String description;
    private final AckPolicy ackPolicy;
    @Nullable private final Long ackWaitSec;
    @Nullable private final Long maxDeliver;
    @Nullable private final ReplayPolicy replayPolicy;
    @Nullable private final Integer sampleFrequency;
    @Nullable private final Long maxWaiting;
    @Nullable private final Long maxAckPending;
    @Nullable private final Boolean headersOnly;
    @Nullable private final Long maxBatch;
    @Nullable private final Long maxBytes;
    @Nullable private final Long maxExpiresSec;
    private final long inactiveThresholdSec;
    @Nullable private final Integer numReplicas;
    @Nullable private final Boolean memoryStorage;
    @Nullable private final long[] backoffSec;
    private final long pullMaxBytes;

    private NatsConsumerSettings(ReadableConfig options, List<String> subjects) {
        this.durableName =
                options.getOptional(NatsConnectorOptions.CONSUMER_DURABLE_NAME).orElse(null);
        this.durableNameBySubject = durableNames(durableName, subjects);
        options.getOptional(NatsConnectorOptions.CONSUMER_NAME)
                .ifPresent(
                        name -> {
                            if (!name.equals(durableName)) {
                                throw new ValidationException(
                                        String.format(
                                                "Option '%s' is only accepted when it equals"
                                                        + " option '%s': ephemeral consumers are"
                                                        + " named by the server, durable ones by"
                                                        + " '%s'.",
                                                NatsConnectorOptions.CONSUMER_NAME.key(),
                                                NatsConnectorOptions.CONSUMER_DURABLE_NAME.key(),
                                                NatsConnectorOptions.CONSUMER_DURABLE_NAME.key()));
                            }
                        });
        this.description =
                options.getOptional(NatsConnectorOptions.CONSUMER_DESCRIPTION).orElse(null);
        String ack =
                OptionValidation.oneOf(
                        options,
                        NatsConnectorOptions.CONSUMER_ACK_POLICY,
                        List.of("none", "all", "explicit"));
        if (ack == null) {
            this.ackPolicy = durableName != null ? AckPolicy.Explicit : AckPolicy.None;
        } else {
            this.ackPolicy =
                    ack.equals("none")
                            ? AckPolicy.None
                            : ack.equals("all") ? AckPolicy.All : AckPolicy.Explicit;
        }
        this.ackWaitSec = positive(options, NatsConnectorOptions.CONSUMER_ACK_WAIT_SEC);
        this.maxDeliver =
                options.getOptional(NatsConnectorOptions.CONSUMER_MAX_DELIVER).orElse(null);
        String replay =
                OptionValidation.oneOf(
                        options,
                        NatsConnectorOptions.CONSUMER_REPLAY_POLICY,
                        List.of("instant", "original"));
        this.replayPolicy =
                replay == null
                        ? null
                        : replay.equals("original") ? ReplayPolicy.Original : ReplayPolicy.Instant;
        this.sampleFrequency =
                options.getOptional(NatsConnectorOptions.CONSUMER_SAMPLE_FREQUENCY).orElse(null);
        if (sampleFrequency != null && (sampleFrequency < 0 || sampleFrequency > 100)) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be a percentage between 0 and 100, not %d.",
                            NatsConnectorOptions.CONSUMER_SAMPLE_FREQUENCY.key(), sampleFrequency));
        }
        this.maxWaiting = positive(options, NatsConnectorOptions.CONSUMER_MAX_WAITING);
        this.maxAckPending =
                options.getOptional(NatsConnectorOptions.CONSUMER_MAX_ACK_PENDING).orElse(null);
        this.headersOnly =
                options.getOptional(NatsConnectorOptions.CONSUMER_HEADERS_ONLY).orElse(null);
        this.maxBatch = positive(options, NatsConnectorOptions.CONSUMER_MAX_BATCH);
        this.maxBytes = positive(options, NatsConnectorOptions.CONSUMER_MAX_BYTES);
        this.maxExpiresSec = positive(options, NatsConnectorOptions.CONSUMER_MAX_EXPIRES_SEC);
        long pullBytes = options.get(NatsConnectorOptions.FETCH_MAX_BYTES).getBytes();
        if (pullBytes < 1) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be positive, not %d bytes.",
                            NatsConnectorOptions.FETCH_MAX_BYTES.key(), pullBytes));
        }
        this.pullMaxBytes = pullBytes;
        Long inactive = positive(options, NatsConnectorOptions.CONSUMER_INACTIVE_THRESHOLD_SEC);
        this.inactiveThresholdSec =
                inactive != null
                        ? inactive
                        : durableName == null ? DEFAULT_EPHEMERAL_INACTIVE_THRESHOLD_SEC : 0;
        this.numReplicas =
                options.getOptional(NatsConnectorOptions.CONSUMER_NUM_REPLICAS).orElse(null);
        if (numReplicas != null && numReplicas < 1) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be at least 1, not %d.",
                            NatsConnectorOptions.CONSUMER_NUM_REPLICAS.key(), numReplicas));
        }
        this.memoryStorage =
                options.getOptional(NatsConnectorOptions.CONSUMER_MEMORY_STORAGE).orElse(null);
        this.backoffSec =
                options.getOptional(NatsConnectorOptions.CONSUMER_BACKOFF_SEC)
                        .map(NatsConsumerSettings::parseBackoff)
                        .orElse(null);
    }

    static NatsConsumerSettings from(ReadableConfig options, List<String> subjects) {
        return new NatsConsumerSettings(options, subjects);
    }

    private static Map<String, String> durableNames(
            @Nullable String durableName, List<String> subjects) {
        Map<String, String> names = new HashMap<>();
        if (durableName == null) {
            return names;
        }
        String key = NatsConnectorOptions.CONSUMER_DURABLE_NAME.key();
        if (durableName.isEmpty() || INVALID_NAME.matcher(durableName).find()) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must not be empty nor contain whitespace, '.', '*', '>',"
                                    + " '/' or '\\', but is '%s'.",
                            key, durableName));
        }
        Map<String, String> subjectByName = new HashMap<>();
        for (String subject : subjects) {
            String name =
                    subjects.size() == 1
                            ? durableName
                            : durableName + "_" + SUBJECT_TO_NAME.matcher(subject).replaceAll("_");
            String clash = subjectByName.put(name, subject);
            if (clash != null) {
                throw new ValidationException(
                        String.format(
                                "Subjects '%s' and '%s' would both be read by the durable"
                                        + " consumer '%s' (option '%s' plus the subject with '.',"
                                        + " '*', '>' replaced by '_'). Rename one of them.",
                                clash, subject, name, key));
            }
            names.put(subject, name);
        }
        return names;
    }

    private static long[] parseBackoff(String value) {
        String key = NatsConnectorOptions.CONSUMER_BACKOFF_SEC.key();
        try {
            long[] seconds =
                    Arrays.stream(value.split(","))
                            .map(String::trim)
                            .mapToLong(Long::parseLong)
                            .toArray();
            for (long s : seconds) {
                if (s <= 0) {
                    throw new NumberFormatException();
                }
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    String.format(
                            "Option '%s' must be a comma-separated list of positive seconds, not"
                                    + " '%s'.",
                            key, value));
        }
    }

    @Nullable
    private static Long positive(ReadableConfig options, ConfigOption<Long> option) {
        Long value = options.getOptional(option).orElse(null);
        if (value != null && value <= 0) {
            throw new ValidationException(
                    String.format("Option '%s' must be positive, not %d.", option.key(), value));
        }
        return value;
    }

    /** Whether splits are read by durable consumers. */
    public boolean isDurable() {
        return durableName != null;
    }

    /** The durable consumer of the split reading {@code subject}; null for ephemeral consumers. */
    @Nullable
    public String durableNameFor(String subject) {
        if (durableName == null) {
            return null;
        }
        String name = durableNameBySubject.get(subject);
        if (name != null) {
            return name;
        }
        // A split restored from a job whose subject list has changed since.
        return durableName + "_" + SUBJECT_TO_NAME.matcher(subject).replaceAll("_");
    }

    /**
     * Fails when two of {@code subjects} would be read through the same durable consumer (names
     * that differ only in the characters replaced by '_').
     */
    void checkDistinctDurableNames(List<String> subjects) {
        if (durableName == null) {
            return;
        }
        Map<String, String> subjectByName = new HashMap<>();
        for (String subject : subjects) {
            String clash = subjectByName.put(durableNameFor(subject), subject);
            if (clash != null) {
                throw new ValidationException(
                        String.format(
                                "Subjects '%s' and '%s' would both be read by the durable"
                                        + " consumer '%s'.",
                                clash, subject, durableNameFor(subject)));
            }
        }
    }

    public AckPolicy ackPolicy() {
        return ackPolicy;
    }

    /**
     * How long the server waits for an ack before it redelivers ({@code consumer.ack_wait.sec}).
     */
    public Duration ackWait() {
        return Duration.ofSeconds(ackWaitSec != null ? ackWaitSec : SERVER_DEFAULT_ACK_WAIT_SEC);
    }

    /** The pull batch size, capped by {@code consumer.max_batch}. */
    public int effectiveBatchSize(int requested) {
        return maxBatch == null ? requested : (int) Math.min(requested, maxBatch);
    }

    /**
     * The byte budget of one pull request: {@code nats.fetch.max_bytes}, raised to hold two of the
     * largest messages the server takes (so every message fits, and a request the server ended
     * early because the next message did not fit has delivered at least half its budget), capped by
     * {@code consumer.max_bytes}, since the server refuses larger requests.
     *
     * @param serverMaxPayload the server's {@code max_payload} (headers and data)
     */
    public long pullMaxBytes(long serverMaxPayload) {
        long floor = 2 * (serverMaxPayload + MAX_SUBJECTS_BYTES);
        long budget = Math.max(pullMaxBytes, floor);
        return maxBytes == null ? budget : Math.min(budget, maxBytes);
    }

    /** The pull wait, capped by {@code consumer.max_expires.sec}. */
    public Duration effectiveMaxWait(Duration requested) {
        if (maxExpiresSec == null) {
            return requested;
        }
        Duration cap = Duration.ofSeconds(maxExpiresSec);
        return requested.compareTo(cap) > 0 ? cap : requested;
    }

    /**
     * A consumer configuration for the split reading {@code subject}: its filter, the ack policy
     * and every {@code consumer.*} setting; the caller sets the name and where delivery starts.
     */
    public ConsumerConfiguration.Builder configurationFor(String subject) {
        ConsumerConfiguration.Builder builder =
                ConsumerConfiguration.builder().filterSubject(subject).ackPolicy(ackPolicy);
        if (durableName != null) {
            builder.durable(durableNameFor(subject));
        }
        if (description != null) {
            builder.description(description);
        }
        if (ackWaitSec != null) {
            builder.ackWait(Duration.ofSeconds(ackWaitSec));
        }
        if (maxDeliver != null) {
            builder.maxDeliver(maxDeliver);
        }
        if (replayPolicy != null) {
            builder.replayPolicy(replayPolicy);
        }
        if (sampleFrequency != null) {
            builder.sampleFrequency(sampleFrequency + "%");
        }
        if (maxWaiting != null) {
            builder.maxPullWaiting(maxWaiting);
        }
        if (ackPolicy != AckPolicy.None) {
            // Acks follow completed checkpoints: the server's default of 1000 would stall reading.
            builder.maxAckPending(maxAckPending != null ? maxAckPending : Integer.MAX_VALUE);
        }
        if (headersOnly != null) {
            builder.headersOnly(headersOnly);
        }
        if (maxBatch != null) {
            builder.maxBatch(maxBatch);
        }
        if (maxBytes != null) {
            builder.maxBytes(maxBytes);
        }
        if (maxExpiresSec != null) {
            builder.maxExpires(Duration.ofSeconds(maxExpiresSec));
        }
        if (inactiveThresholdSec > 0) {
            builder.inactiveThreshold(Duration.ofSeconds(inactiveThresholdSec));
        }
        if (numReplicas != null) {
            builder.numReplicas(numReplicas);
        } else if (durableName == null) {
            builder.numReplicas(1);
        }
        if (memoryStorage != null) {
            builder.memStorage(memoryStorage);
        } else if (durableName == null) {
            builder.memStorage(true);
        }
        if (backoffSec != null) {
            builder.backoff(Arrays.stream(backoffSec).map(s -> s * 1000).toArray());
        }
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsConsumerSettings)) {
            return false;
        }
        NatsConsumerSettings that = (NatsConsumerSettings) o;
        return Objects.equals(durableName, that.durableName)
                && durableNameBySubject.equals(that.durableNameBySubject)
                && Objects.equals(description, that.description)
                && ackPolicy == that.ackPolicy
                && Objects.equals(ackWaitSec, that.ackWaitSec)
                && Objects.equals(maxDeliver, that.maxDeliver)
                && replayPolicy == that.replayPolicy
                && Objects.equals(sampleFrequency, that.sampleFrequency)
                && Objects.equals(maxWaiting, that.maxWaiting)
                && Objects.equals(maxAckPending, that.maxAckPending)
                && Objects.equals(headersOnly, that.headersOnly)
                && Objects.equals(maxBatch, that.maxBatch)
                && Objects.equals(maxBytes, that.maxBytes)
                && Objects.equals(maxExpiresSec, that.maxExpiresSec)
                && inactiveThresholdSec == that.inactiveThresholdSec
                && Objects.equals(numReplicas, that.numReplicas)
                && Objects.equals(memoryStorage, that.memoryStorage)
                && Arrays.equals(backoffSec, that.backoffSec)
                && pullMaxBytes == that.pullMaxBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(durableName, ackPolicy, inactiveThresholdSec);
    }

    @Override
    public String toString() {
        return "NatsConsumerSettings{"
                + (durableName != null ? "durableName=" + durableName : "ephemeral")
                + ", ackPolicy="
                + ackPolicy
                + '}';
    }
}
