package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.connector.nats.client.ConsumerState;
import io.flinkrw.connector.nats.client.ConsumerStatusException;
import io.flinkrw.connector.nats.client.Delivery;
import io.flinkrw.connector.nats.client.JetStreamClient;
import io.flinkrw.connector.nats.client.JetStreamException;
import io.flinkrw.connector.nats.client.PullConsumer;
import io.flinkrw.connector.nats.client.StreamState;
import io.flinkrw.connector.nats.config.NatsConsumerSettings;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.annotation.Internal;

import io.nats.client.PullRequestOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads one split through one JetStream pull consumer, on the fetcher thread only.
 *
 * <p>It pulls a batch at a time and asks for the next batch once half of what it asked for has been
 * read, so the next messages are on their way while it reads the rest (no round trip per batch),
 * and at most one and a half batches (and byte budgets) wait in jnats: nothing piles up when Flink
 * backpressures and jnats' threads never block. Delivery is checked against the consumer's own
 * sequence: a gap (deliveries lost in a disconnect), a consumer that vanished (a server restart
 * takes ephemeral consumers with it), an ephemeral consumer that neither delivers nor answers (the
 * cluster node holding its single replica is down), a reconnect or a consumer error makes it
 * <em>reposition</em>: it recreates the consumer so that nothing is lost and nothing stalls. A
 * consumer that takes acks is recreated just after its split's {@link CommittedPositions committed
 * position}, never after what was only fetched: a new consumer's ack floor sits just below its
 * start (a durable consumer's ack floor is where a later job without state resumes), so records
 * fetched but not yet covered by a completed checkpoint must be delivered again (the emitter skips
 * the ones it has emitted). A consumer without acks resumes just after the last message it handed
 * over. A durable consumer whose position already matches is kept. On a work-queue stream
 * nats-server only accepts consumers that deliver all messages: what is still queued, which is
 * everything not acked, so everything no completed checkpoint covers.
 */
@Internal
final class SubjectConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SubjectConsumer.class);

    /** JetStream error codes. */
    private static final int JETSTREAM_UNAVAILABLE = 10008;

    private static final int JETSTREAM_NOT_ENABLED = 10076;

    private static final long RETRY_INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final NatsSubjectSplit split;
    private final JetStreamClient client;
    private final NatsConsumerSettings settings;
    private final CommittedPositions committed;
    private final int batchSize;
    private final Duration maxWait;
    @Nullable private final String durableName;

    /** The stream sequence of the last message handed over, or NOTHING_EMITTED. */
    private long lastSequence;

    @Nullable private RetentionPolicy retention;
    @Nullable private String consumerName;

    /** The last check of the consumer got no answer: deleting it would only wait for one. */
    private boolean consumerUnreachable;

    @Nullable private PullConsumer subscription;
    private long expectedConsumerSequence;
    private long reconnectsSeen;

    private int requested;
    private int received;
    private long requestedBytes;
    private long receivedBytes;
    private long pullDeadlineNanos;

    private boolean needsReposition = true;
    private long retryAtNanos;
    private int failedAttempts;
    private boolean finished;
    private boolean paused;

    SubjectConsumer(
            NatsSubjectSplit split,
            JetStreamClient client,
            NatsConsumerSettings settings,
            int batchSize,
            Duration maxWait,
            CommittedPositions committed) {
        this.split = split;
        this.client = client;
        this.settings = settings;
        this.committed = committed;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.durableName = settings.durableNameFor(split.subject());
        this.lastSequence =
                split.startPosition().kind() == StartPosition.Kind.AFTER_SEQUENCE
                        ? split.startPosition().sequence()
                        : NatsSubjectSplitState.NOTHING_EMITTED;
        this.finished = split.isFinishedAtStart();
    }

    String splitId() {
        return split.splitId();
    }

    boolean isFinished() {
        return finished;
    }

    void setPaused(boolean paused) {
        this.paused = paused;
    }

    boolean isPaused() {
        return paused;
    }

    /**
     * Hands at most {@code max} records to {@code sink}, waiting up to {@code wait} for the first
     * one (no wait when null).
     *
     * @return how many records it handed over
     * @throws IOException when reading cannot go on (the stream is gone, the consumer is rejected)
     */
    int poll(int max, @Nullable Duration wait, Consumer<NatsRecord> sink)
            throws IOException, InterruptedException {
        if (finished || paused) {
            return 0;
        }
        long now = System.nanoTime();
        if (subscription != null && client.reconnectCount() != reconnectsSeen) {
            LOG.info("Split {} repositions after a NATS reconnect", split.splitId());
            needsReposition = true;
        }
        if (needsReposition && !tryReposition(now, wait)) {
            return 0;
        }
        if (finished) {
            return 0;
        }
        pullIfDue(now);
        if (finished || needsReposition) {
            return 0;
        }
        int handed = 0;
        int read = 0;
        while (read < max) {
            Delivery message;
            try {
                message = Objects.requireNonNull(subscription).next(read == 0 ? wait : null);
            } catch (ConsumerStatusException e) {
                LOG.info(
                        "Consumer of split {} reports {}; repositioning",
                        split.splitId(),
                        e.getMessage());
                needsReposition = true;
                break;
            }
            if (message == null) {
                break;
            }
            read++;
            received++;
            receivedBytes += message.byteCount();
            NatsRecord record = accept(message);
            if (record != null) {
                sink.accept(record);
                handed++;
            }
            if (finished || needsReposition) {
                break;
            }
        }
        return handed;
    }

    /** Checks one delivery; returns the record to hand over, or null. */
    @Nullable
    private NatsRecord accept(Delivery message) {
        long consumerSequence = message.consumerSequence();
        if (consumerSequence != expectedConsumerSequence) {
            if (consumerSequence > expectedConsumerSequence) {
                LOG.info(
                        "Split {} missed deliveries {} to {} of consumer {}; repositioning",
                        split.splitId(),
                        expectedConsumerSequence,
                        consumerSequence - 1,
                        consumerName);
                needsReposition = true;
            }
            return null;
        }
        expectedConsumerSequence = consumerSequence + 1;
        long sequence = message.streamSequence();
        if (split.isBounded() && sequence > split.stoppingSequence()) {
            finish();
            return null;
        }
        NatsRecord record =
                new NatsRecord(
                        split.splitId(),
                        split.stream(),
                        message.subject(),
                        message.payload(),
                        message.headers(),
                        sequence,
                        consumerSequence,
                        message.timestamp(),
                        message.pending(),
                        settings.ackPolicy() == AckPolicy.None ? null : message.ackSubject());
        if (sequence > lastSequence) {
            lastSequence = sequence;
        }
        if (split.isBounded() && (sequence >= split.stoppingSequence() || message.pending() == 0)) {
            finish();
        }
        return record;
    }

    /**
     * Asks for the next batch once no more than half a batch, or half the byte budget, of the open
     * requests is still to come, or they have all expired. (The server ends a request early when
     * the next message does not fit its budget, after at least half of it: see {@link
     * io.flinkrw.connector.nats.config.NatsConsumerSettings#pullMaxBytes(long)}.)
     */
    private void pullIfDue(long now) throws IOException {
        boolean expired = requested > 0 && now - pullDeadlineNanos >= 0;
        long maxBytes = settings.pullMaxBytes(client.maxPayload());
        if (requested > 0
                && requested - received > batchSize / 2
                && requestedBytes - receivedBytes > maxBytes / 2
                && !expired) {
            return;
        }
        if (expired) {
            // Less than half a batch came in a whole pull's wait (a busy split pulls again
            // before): make sure the consumer still exists and answers (and, when bounded,
            // whether anything is left at all).
            checkConsumer();
            if (finished || needsReposition) {
                return;
            }
        }
        Objects.requireNonNull(subscription)
                .pull(
                        PullRequestOptions.builder(batchSize)
                                .maxBytes(maxBytes)
                                .expiresIn(maxWait)
                                .build());
        // What open requests still owe (none once they expired) plus this one; its deadline is
        // the later, so "expired" means all of them did.
        requested = (expired ? 0 : Math.max(0, requested - received)) + batchSize;
        received = 0;
        requestedBytes = (expired ? 0 : Math.max(0, requestedBytes - receivedBytes)) + maxBytes;
        receivedBytes = 0;
        pullDeadlineNanos = now + maxWait.toNanos();
    }

    private void checkConsumer() {
        try {
            ConsumerState info =
                    client.consumer(split.stream(), Objects.requireNonNull(consumerName));
            consumerUnreachable = false;
            if (info == null) {
                LOG.info(
                        "Consumer {} of split {} is gone; repositioning",
                        consumerName,
                        split.splitId());
                needsReposition = true;
            } else if (split.isBounded() && info.numPending() == 0) {
                finish();
            }
        } catch (JetStreamException | IOException e) {
            // No answer: the server is restarting, or the node that holds the consumer is down.
            consumerUnreachable = true;
            if (durableName == null) {
                // An ephemeral consumer has one replica by default: when its node is down it is
                // gone until the node is back. A new one, placed on a live node, reads on now
                // (after the last record handed over, or the committed position with acks).
                LOG.info(
                        "Consumer {} of split {} delivers nothing and does not answer ({});"
                                + " repositioning",
                        consumerName,
                        split.splitId(),
                        e.toString());
                needsReposition = true;
            } else {
                // A durable consumer keeps its name: its replicas elect a new leader (or its
                // node comes back); the next empty pull checks again.
                LOG.debug("Could not check consumer {}: {}", consumerName, e.toString());
            }
        }
    }

    private boolean tryReposition(long now, @Nullable Duration wait)
            throws IOException, InterruptedException {
        if (now - retryAtNanos < 0) {
            if (wait != null) {
                long sleep = Math.min(wait.toNanos(), retryAtNanos - now);
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            return false;
        }
        // The reader's first connect fails the job at once (credentials, TLS trust, an unknown
        // host are no reason to wait); once connected, reconnects and retries never stop.
        client.connect();
        try {
            reposition();
            failedAttempts = 0;
            needsReposition = false;
            return true;
        } catch (JetStreamException e) {
            if (!isTransient(e)) {
                throw new IOException(
                        String.format(
                                "Cannot read subject '%s' of NATS stream '%s': %s",
                                split.subject(), split.stream(), e.getMessage()),
                        e);
            }
            retryLater(now, e);
        } catch (IOException | RuntimeException e) {
            retryLater(now, e);
        }
        return false;
    }

    private static boolean isTransient(JetStreamException e) {
        return e.apiErrorCode() == JETSTREAM_UNAVAILABLE
                || e.apiErrorCode() == JETSTREAM_NOT_ENABLED
                || e.httpCode() == 503;
    }

    private void retryLater(long now, Exception e) {
        failedAttempts++;
        long backoff =
                Math.min(RETRY_MAX_NANOS, RETRY_INITIAL_NANOS << Math.min(failedAttempts - 1, 10));
        retryAtNanos = now + backoff;
        if (failedAttempts == 1 || failedAttempts % 10 == 0) {
            LOG.warn(
                    "Could not (re)create the consumer of split {} (attempt {}), retrying: {}",
                    split.splitId(),
                    failedAttempts,
                    e.toString());
        }
    }

    /**
     * Where a (re)created consumer resumes: after the committed position when the consumer takes
     * acks (its ack floor must not pass what a completed checkpoint covers), else after the last
     * message handed over. NOTHING_EMITTED means the split's start position.
     */
    private long resumePosition() {
        if (settings.ackPolicy() == AckPolicy.None) {
            return lastSequence;
        }
        return committed.get(split.splitId());
    }

    /** Creates (or keeps) the consumer so that delivery resumes after {@link #resumePosition}. */
    private void reposition() throws IOException, JetStreamException {
        reconnectsSeen = client.reconnectCount();
        closeSubscription();
        if (retention == null) {
            StreamState stream = client.stream(split.stream());
            if (stream == null) {
                throw new JetStreamException(
                        "stream not found", JetStreamException.STREAM_NOT_FOUND, 404);
            }
            retention = stream.retention();
        }
        long position = resumePosition();
        ConsumerState info =
                durableName == null
                        ? createEphemeral(position)
                        : createOrKeepDurable(durableName, position);
        consumerName = info.name();
        expectedConsumerSequence = info.deliveredConsumerSequence() + 1;
        requested = 0;
        received = 0;
        requestedBytes = 0;
        receivedBytes = 0;
        subscription = client.subscribe(split.stream(), consumerName);
        LOG.info(
                "Split {} reads through consumer {} from {}",
                split.splitId(),
                consumerName,
                position == NatsSubjectSplitState.NOTHING_EMITTED
                        ? split.startPosition().toString()
                        : "after stream sequence " + position);
        if (split.isBounded() && info.numPending() == 0) {
            finish();
        }
    }

    private ConsumerState createEphemeral(long position) throws IOException, JetStreamException {
        if (consumerName != null && !consumerUnreachable) {
            deleteQuietly(consumerName);
        }
        // An unreachable one is left to the server, which deletes it after its inactive threshold.
        ConsumerState created =
                client.createOrUpdateConsumer(split.stream(), startingAt(position).build());
        consumerUnreachable = false;
        return created;
    }

    private ConsumerState createOrKeepDurable(String name, long position)
            throws IOException, JetStreamException {
        ConsumerState existing = client.consumer(split.stream(), name);
        if (existing != null && position == NatsSubjectSplitState.NOTHING_EMITTED) {
            // No Flink state yet: resume where the durable consumer's acks got to, which counts as
            // committed from now on.
            position = existing.ackFloorStreamSequence();
            committed.advance(split.splitId(), position);
        }
        ConsumerConfiguration current = existing == null ? null : existing.configuration();
        if (current != null
                && split.subject().equals(current.getFilterSubject())
                && current.getAckPolicy() == settings.ackPolicy()
                && existing.deliveredStreamSequence() == position) {
            ConsumerConfiguration.Builder kept =
                    settings.configurationFor(split.subject())
                            .deliverPolicy(current.getDeliverPolicy())
                            .startSequence(current.getStartSequence())
                            .startTime(current.getStartTime());
            try {
                return client.createOrUpdateConsumer(split.stream(), kept.build());
            } catch (JetStreamException e) {
                LOG.info(
                        "Durable consumer {} cannot take the new settings ({}); recreating it",
                        name,
                        e.getMessage());
            }
        }
        if (existing != null) {
            LOG.info(
                    "Recreating durable consumer {} to resume after stream sequence {} (it had"
                            + " delivered up to {})",
                    name,
                    position,
                    existing.deliveredStreamSequence());
            client.deleteConsumer(split.stream(), name);
        }
        return client.createOrUpdateConsumer(split.stream(), startingAt(position).build());
    }

    /** The consumer configuration that delivers from just after {@code position}. */
    private ConsumerConfiguration.Builder startingAt(long position) {
        ConsumerConfiguration.Builder builder = settings.configurationFor(split.subject());
        if (retention == RetentionPolicy.WorkQueue) {
            // The queue holds exactly what is not acked yet, and acks only follow what Flink
            // committed; the emitter skips what it emitted already.
            return builder.deliverPolicy(DeliverPolicy.All);
        }
        if (position != NatsSubjectSplitState.NOTHING_EMITTED) {
            return builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(position + 1);
        }
        StartPosition start = split.startPosition();
        switch (start.kind()) {
            case TIMESTAMP:
                return builder.deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(ZonedDateTime.ofInstant(start.instant(), ZoneOffset.UTC));
            case AFTER_SEQUENCE:
                return builder.deliverPolicy(DeliverPolicy.ByStartSequence)
                        .startSequence(start.sequence() + 1);
            default:
                return builder.deliverPolicy(DeliverPolicy.All);
        }
    }

    private void finish() {
        finished = true;
        close();
    }

    private void closeSubscription() {
        if (subscription != null) {
            subscription.unsubscribe();
            subscription = null;
        }
    }

    private void deleteQuietly(String name) {
        try {
            client.deleteConsumer(split.stream(), name);
        } catch (Exception e) {
            LOG.debug("Could not delete consumer {}: {}", name, e.toString());
        }
    }

    /** Stops reading; an ephemeral consumer is deleted, a durable one stays. */
    void close() {
        closeSubscription();
        if (durableName == null && consumerName != null && !client.isClosedForGood()) {
            deleteQuietly(consumerName);
            consumerName = null;
        }
    }
}
