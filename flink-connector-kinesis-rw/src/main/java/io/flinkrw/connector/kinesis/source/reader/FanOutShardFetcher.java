package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.config.FanOutSettings;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxy;
import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Fetches by enhanced fan-out: one SubscribeToShard subscription per shard, through the stream
 * consumer the enumerator made active ({@link FanOutState}).
 *
 * <p>The HTTP client's threads only put what they receive into a queue and signal this fetcher's
 * thread; they never block and never touch its state. The fetcher's thread does all the rest: it
 * asks each subscription for {@value FanOutSettings#PREFETCH_EVENTS} events ahead and for one more
 * each time it takes one, so a reader that Flink slows down slows its subscriptions down (Reactive
 * Streams demand), and it waits for the queue, a deadline or a wake-up, never polling.
 *
 * <p>A subscription is replaced, always {@code AFTER_SEQUENCE_NUMBER} of the last record this
 * fetcher returned (or of the continuation sequence number of the last event it returned without
 * records), so nothing is lost or read twice:
 *
 * <ul>
 *   <li>when it grows old ({@link FanOutSettings#SUBSCRIPTION_RENEWAL_AGE}, before Kinesis ends it
 *       at 5 minutes), or when the server ends it, at once;
 *   <li>after an error, with exponential backoff and jitter;
 *   <li>when it delivered no event, not even an empty one, for longer than the idle timeout while
 *       events were asked for (a subscription that looks alive but reads nothing).
 * </ul>
 *
 * <p>A shard ends with the server's final event (no continuation sequence number). Where a server
 * never sends it (kinesis-local), a shard the enumerator knows to be closed ends once a
 * subscription event finds nothing new and GetRecords after the last record returned confirms the
 * shard's end (no records and no next iterator).
 */
@Internal
public final class FanOutShardFetcher implements ShardFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutShardFetcher.class);

    /** A shard that fails this often in a row without an event fails the job. */
    @VisibleForTesting static final int MAX_CONSECUTIVE_ERRORS = 10;

    /** A shard blocked this long (another subscriber, a consumer missing) is logged again. */
    private static final long BLOCKED_WARNING_NANOS = Duration.ofMinutes(1).toNanos();

    /** How often a closed shard's end is checked with GetRecords, at most. */
    private static final long END_CHECK_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final FanOutStreamProxy fanOut;
    private final StreamProxy proxy;
    private final String stream;
    private final FanOutSettings settings;
    private final FanOutState state;
    private final FetchTimer timer;
    private final DoubleSupplier random;
    private final Runnable stateListener;
    private final StreamPresence presence;
    private final Queue<Signal> inbox = new ConcurrentLinkedQueue<>();
    private final Map<String, FannedOutShard> shards = new LinkedHashMap<>();
    private long attempts;

    public FanOutShardFetcher(
            FanOutStreamProxy fanOut,
            StreamProxy proxy,
            String stream,
            FanOutSettings settings,
            FanOutState state) {
        this(
                fanOut,
                proxy,
                stream,
                settings,
                state,
                new FetchTimer(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @VisibleForTesting
    FanOutShardFetcher(
            FanOutStreamProxy fanOut,
            StreamProxy proxy,
            String stream,
            FanOutSettings settings,
            FanOutState state,
            FetchTimer timer,
            DoubleSupplier random) {
        this.fanOut = fanOut;
        this.proxy = proxy;
        this.stream = stream;
        this.settings = settings;
        this.state = state;
        this.timer = timer;
        this.random = random;
        this.stateListener = timer::signal;
        this.presence = new StreamPresence(proxy, stream, Instant::now, timer::nanoTime);
        state.addListener(stateListener);
    }

    @Override
    public void addShard(KinesisShardSplit split) {
        FannedOutShard shard = new FannedOutShard(split);
        shard.nextAttemptNanos = timer.nanoTime();
        shards.put(split.shardId(), shard);
    }

    @Override
    public void removeShard(String shardId) {
        FannedOutShard shard = shards.remove(shardId);
        if (shard != null) {
            shard.dropSubscription();
        }
    }

    @Override
    public void pauseOrResume(Collection<String> toPause, Collection<String> toResume) {
        for (String id : toPause) {
            FannedOutShard shard = shards.get(id);
            if (shard != null) {
                shard.paused = true;
            }
        }
        for (String id : toResume) {
            FannedOutShard shard = shards.get(id);
            if (shard != null && shard.paused) {
                shard.paused = false;
                shard.lastActivityNanos = timer.nanoTime();
                shard.requestUpTo(FanOutSettings.PREFETCH_EVENTS);
            }
        }
    }

    @Nullable
    @Override
    public ShardBatch next() throws IOException {
        try {
            while (true) {
                Signal signal;
                while ((signal = inbox.poll()) != null) {
                    ShardBatch batch = handle(signal);
                    if (batch != null) {
                        return batch;
                    }
                }
                long now = timer.nanoTime();
                long deadline = runDueWork(now);
                if (!inbox.isEmpty()) {
                    continue;
                }
                if (timer.await(deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now)) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for subscription events");
        }
    }

    @Override
    public void wakeUp() {
        timer.wakeUp();
    }

    @Override
    public void close() {
        state.removeListener(stateListener);
        shards.values().forEach(FannedOutShard::dropSubscription);
        shards.clear();
        fanOut.close();
        proxy.close();
    }

    // --------------------------------------------------------------------------------------------
    // Subscriptions: starting, renewing, watching
    // --------------------------------------------------------------------------------------------

    /**
     * Starts the subscriptions that are due, replaces old and idle ones; returns the next instant
     * something is due ({@link Long#MAX_VALUE} for nothing).
     */
    private long runDueWork(long now) {
        String consumerArn = state.consumerArn();
        long deadline = Long.MAX_VALUE;
        for (FannedOutShard shard : shards.values()) {
            if (shard.paused) {
                continue;
            }
            if (shard.attempt == null) {
                if (consumerArn == null) {
                    continue;
                }
                if (now >= shard.nextAttemptNanos) {
                    subscribe(shard, consumerArn, now);
                } else {
                    deadline = Math.min(deadline, shard.nextAttemptNanos);
                    continue;
                }
            }
            if (shard.receivedEvent
                    && now - shard.attempt.startNanos
                            >= settings.subscriptionRenewalAge().toNanos()) {
                LOG.debug("Renewing the subscription to shard {} of stream {}", shard.id, stream);
                String arn = consumerArn != null ? consumerArn : shard.attempt.consumerArn;
                shard.dropSubscription();
                subscribe(shard, arn, now);
            }
            if (shard.isWaitingForEvents()) {
                long idleDeadline =
                        shard.lastActivityNanos + settings.subscriptionIdleTimeout().toNanos();
                if (now >= idleDeadline) {
                    LOG.warn(
                            "The subscription to shard {} of stream {} delivered nothing for {}"
                                    + " ms; replacing it after {}",
                            shard.id,
                            stream,
                            (now - shard.lastActivityNanos) / 1_000_000,
                            shard.resumeStart());
                    shard.dropSubscription();
                    retryLater(shard, now, true);
                    deadline = Math.min(deadline, shard.nextAttemptNanos);
                    continue;
                }
                deadline = Math.min(deadline, idleDeadline);
            }
            if (shard.receivedEvent) {
                deadline =
                        Math.min(
                                deadline,
                                shard.attempt.startNanos
                                        + settings.subscriptionRenewalAge().toNanos());
            }
        }
        return deadline;
    }

    private void subscribe(FannedOutShard shard, String consumerArn, long now) {
        ShardStart start = shard.resumeStart();
        // The fallback to the tip is for this subscription only: a later one before the first
        // event tries the pinned instant again, which the server has reached by then.
        shard.latestFallbackSubscribed = shard.latestFallback;
        shard.latestFallback = false;
        Attempt attempt = new Attempt(shard.id, ++attempts, consumerArn, now);
        shard.attempt = attempt;
        shard.subscription = null;
        shard.outstanding = 0;
        shard.receivedEvent = false;
        shard.lastActivityNanos = now;
        LOG.debug(
                "Subscribing to shard {} of stream {} at {} through {}",
                shard.id,
                stream,
                start,
                consumerArn);
        try {
            fanOut.subscribeToShard(consumerArn, shard.id, start.forSubscription(), attempt);
        } catch (RuntimeException e) {
            // The client refused at once (it reports most failures asynchronously).
            attempt.onError(e);
        }
    }

    private void retryLater(FannedOutShard shard, long now, boolean counted) {
        shard.attempt = null;
        shard.subscription = null;
        shard.outstanding = 0;
        if (counted) {
            shard.consecutiveErrors++;
        }
        shard.nextAttemptNanos = now + backoff(++shard.backoffAttempt);
    }

    /**
     * The wait before attempt {@code attempt + 1}: exponential from the first backoff up to the
     * maximum, half of it random.
     */
    @VisibleForTesting
    long backoff(int attempt) {
        long base = Math.max(1, settings.firstBackoff().toNanos());
        long max = Math.max(base, settings.maxBackoff().toNanos());
        long cap = base;
        for (int i = 1; i < attempt && cap < max; i++) {
            cap *= 2;
        }
        cap = Math.min(cap, max);
        return cap / 2 + (long) (random.getAsDouble() * (cap / 2));
    }

    // --------------------------------------------------------------------------------------------
    // What the subscriptions deliver
    // --------------------------------------------------------------------------------------------

    @Nullable
    private ShardBatch handle(Signal signal) throws IOException {
        FannedOutShard shard = shards.get(signal.attempt.shardId);
        if (shard == null || shard.attempt != signal.attempt) {
            if (signal.subscription != null) {
                // A replaced or removed subscription that opened late.
                signal.subscription.cancel();
            }
            return null;
        }
        switch (signal.kind) {
            case SUBSCRIBED:
                shard.subscription = signal.subscription;
                shard.lastActivityNanos = Math.max(shard.lastActivityNanos, signal.arrivalNanos);
                if (!shard.paused) {
                    shard.requestUpTo(FanOutSettings.PREFETCH_EVENTS);
                }
                return null;
            case EVENT:
                return onEvent(shard, signal.event, signal.arrivalNanos);
            case COMPLETED:
                return onCompleted(shard);
            case FAILED:
                return onFailed(shard, signal.error);
            default:
                throw new IllegalStateException("Unknown signal " + signal.kind);
        }
    }

    private ShardBatch onEvent(FannedOutShard shard, SubscribeToShardEvent event, long arrival)
            throws IOException {
        shard.outstanding--;
        shard.receivedEvent = true;
        shard.consecutiveErrors = 0;
        shard.backoffAttempt = 0;
        shard.blockedSinceNanos = -1;
        shard.lastActivityNanos = Math.max(shard.lastActivityNanos, arrival);
        List<KinesisRecord> records = ShardBatch.toKinesisRecords(shard.id, event.records());
        if (!records.isEmpty()) {
            shard.resumeSequenceNumber = records.get(records.size() - 1).sequenceNumber();
        } else if (event.continuationSequenceNumber() != null) {
            shard.resumeSequenceNumber = event.continuationSequenceNumber();
        }
        if (event.continuationSequenceNumber() == null) {
            LOG.info(
                    "Shard {} of stream {} ended (child shards {})",
                    shard.id,
                    stream,
                    event.childShards());
            removeShard(shard.id);
            return new ShardBatch(shard.id, records, event.millisBehindLatest(), true);
        }
        if (records.isEmpty() && state.closedShardIds().contains(shard.id) && isReadToEnd(shard)) {
            LOG.info(
                    "Shard {} of stream {} is closed and read to its end after {}",
                    shard.id,
                    stream,
                    shard.resumeStart());
            removeShard(shard.id);
            return ShardBatch.ended(shard.id);
        }
        if (!shard.paused) {
            shard.requestUpTo(FanOutSettings.PREFETCH_EVENTS);
        }
        return new ShardBatch(shard.id, records, event.millisBehindLatest(), false);
    }

    /**
     * Whether a closed shard has nothing after the last record returned: GetRecords there gives no
     * records and no next iterator. Checked at most once a second per shard.
     */
    private boolean isReadToEnd(FannedOutShard shard) throws IOException {
        long now = timer.nanoTime();
        if (shard.lastEndCheckNanos != Long.MIN_VALUE
                && now - shard.lastEndCheckNanos < END_CHECK_INTERVAL_NANOS) {
            return false;
        }
        shard.lastEndCheckNanos = now;
        ShardStart start = shard.resumeStart();
        try {
            String iterator =
                    proxy.getShardIterator(
                            stream, shard.id, start.type, start.sequenceNumber, start.timestamp);
            GetRecordsResponse response = proxy.getRecords(iterator, 1);
            return response.records().isEmpty() && response.nextShardIterator() == null;
        } catch (ResourceNotFoundException e) {
            if (!presence.shardAloneIsGone(shard.id, e)) {
                return false;
            }
            LOG.warn(
                    "Shard {} of stream {} no longer exists ({}); it counts as finished",
                    shard.id,
                    stream,
                    KinesisErrors.describe(e));
            return true;
        } catch (SdkException e) {
            LOG.debug(
                    "Could not check whether shard {} of stream {} is read to its end ({})",
                    shard.id,
                    stream,
                    KinesisErrors.describe(e));
            return false;
        }
    }

    private ShardBatch onCompleted(FannedOutShard shard) {
        long now = timer.nanoTime();
        if (shard.receivedEvent) {
            // The server ended it (its 5 minutes are up): renew at once.
            LOG.debug("The subscription to shard {} of stream {} ended", shard.id, stream);
            shard.attempt = null;
            shard.subscription = null;
            shard.outstanding = 0;
            shard.nextAttemptNanos = now;
        } else {
            LOG.warn(
                    "The subscription to shard {} of stream {} ended without an event; subscribing"
                            + " again",
                    shard.id,
                    stream);
            retryLater(shard, now, true);
        }
        return null;
    }

    @Nullable
    private ShardBatch onFailed(FannedOutShard shard, Throwable error) throws IOException {
        long now = timer.nanoTime();
        Attempt failed = shard.attempt;
        shard.dropSubscription();
        if (error instanceof ResourceInUseException) {
            // Another subscription to this shard through this consumer is still open: our own
            // previous one (Kinesis keeps it for a few seconds), or another job's.
            blocked(shard, now, error, "another subscription to the shard is still open");
            retryLater(shard, now, false);
            return null;
        }
        if (error instanceof LimitExceededException) {
            blocked(shard, now, error, "subscribing too often");
            retryLater(shard, now, false);
            return null;
        }
        if (error instanceof ResourceNotFoundException) {
            // The stream first: deleting it deletes its consumers too, which are never back.
            if (!presence.streamIsStillThere(shard.id, error)) {
                blocked(shard, now, error, "the stream could not be described");
                retryLater(shard, now, false);
                return null;
            }
            if (isConsumerActive(failed.consumerArn)) {
                if (!presence.shardAloneIsGone(shard.id, error)) {
                    blocked(shard, now, error, "the stream could not be described");
                    retryLater(shard, now, false);
                    return null;
                }
                LOG.warn(
                        "Shard {} of stream {} no longer exists ({}); it counts as finished",
                        shard.id,
                        stream,
                        KinesisErrors.describe(error));
                removeShard(shard.id);
                return ShardBatch.ended(shard.id);
            }
            blocked(
                    shard,
                    now,
                    error,
                    "the stream consumer is not active; waiting for the enumerator to register it"
                            + " again");
            retryLater(shard, now, false);
            return null;
        }
        if (error instanceof InvalidArgumentException) {
            StartingPosition position = shard.split.startingPosition();
            if (shard.resumeSequenceNumber == null) {
                if (position.kind() == StartingPosition.Kind.AFTER_STARTUP_SEQUENCE_NUMBER) {
                    throw new IOException(
                            ShardStart.startupSequenceNumberRejected(
                                    stream, shard.id, position, (KinesisException) error),
                            error);
                }
                if (position.kind() == StartingPosition.Kind.LATEST_AT
                        && !shard.latestFallbackSubscribed) {
                    LOG.warn(
                            "Shard {} of stream {} rejected the start instant {} ({}), probably"
                                    + " because of clock skew; it starts at its tip (LATEST)",
                            shard.id,
                            stream,
                            ShardStart.of(position, false).timestamp,
                            KinesisErrors.describe(error));
                    shard.latestFallback = true;
                    shard.attempt = null;
                    shard.nextAttemptNanos = now;
                    return null;
                }
            }
            throw new IOException(
                    String.format(
                            "Shard %s of stream '%s' rejected the subscription at %s: %s",
                            shard.id, stream, shard.resumeStart(), KinesisErrors.describe(error)),
                    error);
        }
        if (error instanceof KinesisException
                && !KinesisErrors.isServerError((KinesisException) error)) {
            throw new IOException(
                    String.format(
                            "Could not subscribe to shard %s of stream '%s': %s",
                            shard.id, stream, KinesisErrors.describe(error)),
                    error);
        }
        // Network trouble, a connection the server or something between closed, a server error.
        retryLater(shard, now, true);
        if (shard.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            throw new IOException(
                    String.format(
                            "The subscription to shard %s of stream '%s' failed %d times in a row;"
                                    + " last error: %s",
                            shard.id,
                            stream,
                            shard.consecutiveErrors,
                            KinesisErrors.describe(error)),
                    error);
        }
        LOG.warn(
                "The subscription to shard {} of stream {} failed ({}); subscribing again after {}"
                        + " in {} ms",
                shard.id,
                stream,
                KinesisErrors.describe(error),
                shard.resumeStart(),
                (shard.nextAttemptNanos - now) / 1_000_000);
        return null;
    }

    private boolean isConsumerActive(String consumerArn) {
        try {
            return proxy.describeStreamConsumer(consumerArn).consumerStatus()
                    == ConsumerStatus.ACTIVE;
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (SdkException e) {
            LOG.debug("Could not describe the stream consumer {}: {}", consumerArn, e.toString());
            return false;
        }
    }

    /** Logs a wait that is expected briefly and suspicious when it lasts. */
    private void blocked(FannedOutShard shard, long now, Throwable error, String why) {
        if (shard.blockedSinceNanos < 0) {
            shard.blockedSinceNanos = now;
            shard.blockedWarnedNanos = now;
            LOG.info(
                    "Cannot subscribe to shard {} of stream {} yet, {} ({}); trying again",
                    shard.id,
                    stream,
                    why,
                    KinesisErrors.describe(error));
        } else if (now - shard.blockedWarnedNanos >= BLOCKED_WARNING_NANOS) {
            shard.blockedWarnedNanos = now;
            LOG.warn(
                    "Cannot subscribe to shard {} of stream {} for {} s: {} ({}). Is another job"
                            + " reading the stream through the same consumer name?",
                    shard.id,
                    stream,
                    (now - shard.blockedSinceNanos) / 1_000_000_000L,
                    why,
                    KinesisErrors.describe(error));
        }
    }

    // --------------------------------------------------------------------------------------------
    // State
    // --------------------------------------------------------------------------------------------

    /** The fan-out state of one shard; touched by the fetcher's thread only. */
    private final class FannedOutShard {
        final KinesisShardSplit split;
        final String id;

        /** After this sequence number is where the next subscription starts. */
        @Nullable String resumeSequenceNumber;

        /** The next subscription starts at the tip instead of the rejected pinned instant. */
        boolean latestFallback;

        /** Whether the current subscription started at the tip by that fallback. */
        boolean latestFallbackSubscribed;

        boolean paused;

        @Nullable Attempt attempt;
        @Nullable Subscription subscription;
        int outstanding;
        boolean receivedEvent;
        long lastActivityNanos;
        long nextAttemptNanos;

        int consecutiveErrors;
        int backoffAttempt;
        long blockedSinceNanos = -1;
        long blockedWarnedNanos;
        long lastEndCheckNanos = Long.MIN_VALUE;

        FannedOutShard(KinesisShardSplit split) {
            this.split = split;
            this.id = split.shardId();
        }

        ShardStart resumeStart() {
            return resumeSequenceNumber == null
                    ? ShardStart.of(split.startingPosition(), latestFallback)
                    : ShardStart.after(resumeSequenceNumber);
        }

        /** Whether the subscription owes events: opening, or asked for events it has not sent. */
        boolean isWaitingForEvents() {
            return attempt != null && !paused && (subscription == null || outstanding > 0);
        }

        /**
         * Asks for events up to {@code demand} ahead. The idle clock restarts: the subscription
         * owes events from now on (ones that arrived while the reader was held up by Flink's
         * backpressure do not make it look idle).
         */
        void requestUpTo(int demand) {
            if (subscription != null && outstanding < demand) {
                lastActivityNanos = timer.nanoTime();
                subscription.request(demand - outstanding);
                outstanding = demand;
            }
        }

        void dropSubscription() {
            if (subscription != null) {
                subscription.cancel();
            }
            subscription = null;
            attempt = null;
            outstanding = 0;
        }
    }

    /**
     * One subscription attempt, as the HTTP client's threads see it: whatever it receives goes into
     * the queue, tagged with the attempt, and the fetcher's thread is signalled.
     */
    private final class Attempt implements Subscriber<SubscribeToShardEventStream> {
        final String shardId;
        final long number;
        final String consumerArn;
        final long startNanos;

        Attempt(String shardId, long number, String consumerArn, long startNanos) {
            this.shardId = shardId;
            this.number = number;
            this.consumerArn = consumerArn;
            this.startNanos = startNanos;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            post(SignalKind.SUBSCRIBED, subscription, null, null);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent) {
                post(SignalKind.EVENT, null, (SubscribeToShardEvent) event, null);
            }
        }

        @Override
        public void onError(Throwable error) {
            post(SignalKind.FAILED, null, null, error);
        }

        @Override
        public void onComplete() {
            post(SignalKind.COMPLETED, null, null, null);
        }

        private void post(
                SignalKind kind,
                @Nullable Subscription subscription,
                @Nullable SubscribeToShardEvent event,
                @Nullable Throwable error) {
            inbox.add(new Signal(this, kind, subscription, event, error, timer.nanoTime()));
            timer.signal();
        }

        @Override
        public String toString() {
            return "Attempt{" + shardId + " #" + number + '}';
        }
    }

    /** What a subscription reported. */
    private enum SignalKind {
        SUBSCRIBED,
        EVENT,
        COMPLETED,
        FAILED
    }

    /** Something a subscription delivered, for the fetcher's thread. */
    private static final class Signal {
        final Attempt attempt;
        final SignalKind kind;
        @Nullable final Subscription subscription;
        @Nullable final SubscribeToShardEvent event;
        @Nullable final Throwable error;
        final long arrivalNanos;

        Signal(
                Attempt attempt,
                SignalKind kind,
                @Nullable Subscription subscription,
                @Nullable SubscribeToShardEvent event,
                @Nullable Throwable error,
                long arrivalNanos) {
            this.attempt = attempt;
            this.kind = kind;
            this.subscription = subscription;
            this.event = event;
            this.error = error;
            this.arrivalNanos = arrivalNanos;
        }
    }
}
