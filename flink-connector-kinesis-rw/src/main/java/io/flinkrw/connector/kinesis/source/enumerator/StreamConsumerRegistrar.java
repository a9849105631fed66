package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerResponse;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Makes the source's stream consumer active: uses the consumer of that name when it exists,
 * registers it when it does not, and waits while it is {@code CREATING}, or {@code DELETING} (a
 * consumer deregistered by an earlier run of the job that is still going away, then registered
 * anew). Blocking: it runs on the enumerator's worker thread.
 */
@Internal
final class StreamConsumerRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumerRegistrar.class);

    /** How long a consumer may take to become active before the job fails. */
    static final Duration ACTIVATION_TIMEOUT = Duration.ofMinutes(5);

    /** What Kinesis says when a stream has all the consumers it may have. */
    private static final Pattern CONSUMER_COUNT_LIMIT =
            Pattern.compile(
                    "consumers can be registered|maximum number of consumers",
                    Pattern.CASE_INSENSITIVE);

    private static final long FIRST_WAIT_MILLIS = 100;
    private static final long MAX_WAIT_MILLIS = 5_000;

    /** Waits between checks; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final StreamProxy proxy;
    private final String stream;
    private final String consumerName;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final Duration timeout;
    private final Instant sourceCreated;
    private String streamArn;

    /**
     * @param sourceCreated when the job's source was built (pinned in the job, so the same after a
     *     JobManager failover): a consumer of this name created at or after it is this job's own
     */
    StreamConsumerRegistrar(
            StreamProxy proxy, String stream, String consumerName, Instant sourceCreated) {
        this(
                proxy,
                stream,
                consumerName,
                sourceCreated,
                Thread::sleep,
                System::nanoTime,
                ACTIVATION_TIMEOUT);
    }

    @VisibleForTesting
    StreamConsumerRegistrar(
            StreamProxy proxy,
            String stream,
            String consumerName,
            Instant sourceCreated,
            Sleeper sleeper,
            LongSupplier nanoClock,
            Duration timeout) {
        this.sourceCreated = sourceCreated;
        this.proxy = proxy;
        this.stream = stream;
        this.consumerName = consumerName;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.timeout = timeout;
    }

    String consumerName() {
        return consumerName;
    }

    /**
     * The ARN of the active consumer, registered if need be.
     *
     * @param onRegistered told the consumer's ARN as soon as this call registered it, or found it
     *     registered by this job (created after the source was built: an earlier JobManager of the
     *     job registered it and died before a checkpoint could say so)
     */
    String ensureActive(Consumer<String> onRegistered) throws InterruptedException {
        if (streamArn == null) {
            streamArn = proxy.describeStreamSummary(stream).streamARN();
        }
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        long wait = FIRST_WAIT_MILLIS;
        String lastState = "not described yet";
        boolean owned = false;
        while (true) {
            ConsumerDescription consumer = null;
            try {
                consumer = proxy.describeStreamConsumer(streamArn, consumerName);
            } catch (ResourceNotFoundException e) {
                lastState = "missing";
                try {
                    String arn =
                            proxy.registerStreamConsumer(streamArn, consumerName).consumerARN();
                    LOG.info(
                            "Registered stream consumer {} of stream {}: {}",
                            consumerName,
                            stream,
                            arn);
                    onRegistered.accept(arn);
                    owned = true;
                    lastState = "registered";
                } catch (ResourceInUseException | LimitExceededException again) {
                    if (isConsumerCountLimit(again)) {
                        throw new FlinkRuntimeException(
                                String.format(
                                        "Cannot register stream consumer '%s': Kinesis stream"
                                                + " '%s' has reached its stream consumer limit"
                                                + " (%s). Deregister a consumer the stream no"
                                                + " longer needs, read through an existing"
                                                + " consumer, or read by polling.",
                                        consumerName, stream, again.getMessage()),
                                again);
                    }
                    // Registered by someone else meanwhile, the stream is being updated, or too
                    // many calls or registrations at once: look again later.
                    lastState = again.getMessage();
                    LOG.info(
                            "Cannot register stream consumer {} of stream {} yet: {}",
                            consumerName,
                            stream,
                            again.getMessage());
                }
            } catch (LimitExceededException e) {
                lastState = e.getMessage();
            }
            if (consumer != null) {
                if (consumer.consumerStatus() != ConsumerStatus.DELETING
                        && !owned
                        && isThisJobs(consumer)) {
                    LOG.info(
                            "Stream consumer {} of stream {} was registered by this job at {}",
                            consumerName,
                            stream,
                            consumer.consumerCreationTimestamp());
                    onRegistered.accept(consumer.consumerARN());
                    owned = true;
                }
                if (consumer.consumerStatus() == ConsumerStatus.ACTIVE) {
                    return consumer.consumerARN();
                }
                String status = String.valueOf(consumer.consumerStatus());
                if (!status.equals(lastState)) {
                    LOG.info(
                            "Stream consumer {} of stream {} is {}; waiting",
                            consumerName,
                            stream,
                            status);
                }
                lastState = status;
            }
            if (nanoClock.getAsLong() - deadline > 0) {
                throw new FlinkRuntimeException(
                        String.format(
                                "Stream consumer '%s' of Kinesis stream '%s' did not become ACTIVE"
                                        + " within %d s (last seen: %s)",
                                consumerName, stream, timeout.toSeconds(), lastState));
            }
            sleeper.sleep(wait);
            wait = Math.min(MAX_WAIT_MILLIS, wait * 2);
        }
    }

    /**
     * Whether Kinesis refused a registration because the stream has as many consumers as it may
     * have (20), which waiting does not change; its other limits are on call rates.
     */
    private static boolean isConsumerCountLimit(RuntimeException e) {
        String message = e.getMessage();
        return e instanceof LimitExceededException
                && message != null
                && CONSUMER_COUNT_LIMIT.matcher(message).find();
    }

    private boolean isThisJobs(ConsumerDescription consumer) {
        Instant created = consumer.consumerCreationTimestamp();
        return created != null && !created.isBefore(sourceCreated);
    }

    /** Whether the consumer exists and is active (a missing or deleting one is not). */
    boolean isActive(String consumerArn) {
        try {
            return proxy.describeStreamConsumer(consumerArn).consumerStatus()
                    == ConsumerStatus.ACTIVE;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /**
     * Loads what a later {@link #deregister} call needs beyond what registering and describing
     * loaded, while the job's classes are still available (see {@link ConsumerDeregistrations}).
     */
    static void loadDeregistrationClasses() {
        DeregisterStreamConsumerRequest.builder().consumerARN("unused").build();
        DeregisterStreamConsumerResponse.builder().build();
        try {
            Class.forName(
                    "software.amazon.awssdk.services.kinesis.transform"
                            + ".DeregisterStreamConsumerRequestMarshaller",
                    true,
                    DeregisterStreamConsumerRequest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.debug("The SDK has no DeregisterStreamConsumerRequestMarshaller to load", e);
        }
    }

    /** Deregisters a consumer; one that is gone already is fine. */
    static void deregister(StreamProxy proxy, String consumerArn) {
        try {
            proxy.deregisterStreamConsumer(consumerArn);
            LOG.info("Deregistered stream consumer {}", consumerArn);
        } catch (ResourceNotFoundException e) {
            LOG.info("Stream consumer {} was deregistered already", consumerArn);
        }
    }
}
