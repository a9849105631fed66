package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.config.PollingSettings;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Fetches by polling: one thread round-robins the reader's shards with GetRecords, each shard on
 * its own schedule. A shard is due again after the empty-read or non-empty-read wait, never sooner
 * than Kinesis allows (5 calls per second and 2 MB per second per shard), and after a backoff with
 * jitter when it was throttled or failed. The thread sleeps until the next shard is due; it never
 * spins.
 *
 * <p>Nothing is lost or read twice across errors: an expired or rejected iterator is replaced by
 * one {@code AFTER_SEQUENCE_NUMBER} the last record this fetcher returned (records returned are
 * always emitted), and throttling keeps the iterator.
 */
@Internal
public final class PollingShardFetcher implements ShardFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(PollingShardFetcher.class);

    /** A shard that fails this often in a row (throttling aside) fails the job. */
    @VisibleForTesting static final int MAX_CONSECUTIVE_ERRORS = 10;

    /** Throttling that lasts longer than this is logged as a warning. */
    private static final long THROTTLING_WARNING_NANOS = Duration.ofSeconds(5).toNanos();

    private static final long MIN_CALL_INTERVAL_NANOS = PollingSettings.MIN_CALL_INTERVAL.toNanos();

    private final StreamProxy proxy;
    private final String stream;
    private final PollingSettings settings;
    private final FetchTimer timer;
    private final DoubleSupplier random;
    private final StreamPresence presence;
    private final Map<String, PolledShard> shards = new LinkedHashMap<>();
    private long polls;

    public PollingShardFetcher(StreamProxy proxy, String stream, PollingSettings settings) {
        this(
                proxy,
                stream,
                settings,
                new FetchTimer(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @VisibleForTesting
    PollingShardFetcher(
            StreamProxy proxy,
            String stream,
            PollingSettings settings,
            FetchTimer timer,
            DoubleSupplier random) {
        this.proxy = proxy;
        this.stream = stream;
        this.settings = settings;
        this.timer = timer;
        this.random = random;
        this.presence = new StreamPresence(proxy, stream, Instant::now, timer::nanoTime);
    }

    @Override
    public void addShard(KinesisShardSplit split) {
        shards.put(split.shardId(), new PolledShard(split, timer.nanoTime()));
    }

    @Override
    public void removeShard(String shardId) {
        shards.remove(shardId);
    }

    @Override
    public void pauseOrResume(Collection<String> toPause, Collection<String> toResume) {
        toPause.forEach(id -> setPaused(id, true));
        toResume.forEach(id -> setPaused(id, false));
    }

    private void setPaused(String shardId, boolean paused) {
        PolledShard shard = shards.get(shardId);
        if (shard != null) {
            shard.paused = paused;
        }
    }

    @Nullable
    @Override
    public ShardBatch next() throws IOException {
        try {
            while (true) {
                PolledShard due = nextDue();
                if (due == null) {
                    // Nothing to read until a shard is added or resumed, which wakes us up.
                    timer.await(Long.MAX_VALUE);
                    return null;
                }
                long wait = due.nextPollNanos - timer.nanoTime();
                if (wait > 0) {
                    if (timer.await(wait)) {
                        return null;
                    }
                    continue;
                }
                ShardBatch batch = poll(due);
                if (batch != null) {
                    return batch;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a shard to be due");
        }
    }

    /** The active shard due first; among equals, the one polled least recently. */
    @Nullable
    private PolledShard nextDue() {
        PolledShard first = null;
        for (PolledShard shard : shards.values()) {
            if (shard.paused) {
                continue;
            }
            if (first == null
                    || shard.nextPollNanos < first.nextPollNanos
                    || (shard.nextPollNanos == first.nextPollNanos
                            && shard.lastPollOrder < first.lastPollOrder)) {
                first = shard;
            }
        }
        return first;
    }

    @Override
    public void wakeUp() {
        timer.wakeUp();
    }

    @Override
    public void close() {
        proxy.close();
    }

    // --------------------------------------------------------------------------------------------
    // One poll of one shard
    // --------------------------------------------------------------------------------------------

    /**
     * Polls {@code shard} once: a batch, or {@code null} when it was rescheduled after an error.
     */
    @Nullable
    private ShardBatch poll(PolledShard shard) throws IOException {
        long now = timer.nanoTime();
        shard.lastPollOrder = ++polls;
        if (shard.iterator == null) {
            IteratorOutcome outcome = renewIterator(shard, now);
            if (outcome == IteratorOutcome.SHARD_GONE) {
                return endShard(shard);
            }
            if (outcome == IteratorOutcome.RESCHEDULED) {
                return null;
            }
        }
        GetRecordsResponse response;
        try {
            response = proxy.getRecords(shard.iterator, settings.maxRecordsPerCall());
        } catch (ExpiredIteratorException e) {
            LOG.info(
                    "The iterator of shard {} of stream {} expired; renewing it after {}",
                    shard.shardId,
                    stream,
                    shard.resumePositionText());
            shard.iterator = null;
            countError(shard, e);
            shard.nextPollNanos = now + MIN_CALL_INTERVAL_NANOS;
            return null;
        } catch (ProvisionedThroughputExceededException
                | LimitExceededException
                | KmsThrottlingException e) {
            throttled(shard, now, e);
            return null;
        } catch (ResourceNotFoundException e) {
            if (!presence.shardAloneIsGone(shard.shardId, e)) {
                shard.iterator = null;
                retryOrWaitForDescribe(shard, now, e);
                return null;
            }
            LOG.warn(
                    "Shard {} of stream {} no longer exists ({}); it counts as finished",
                    shard.shardId,
                    stream,
                    describe(e));
            return endShard(shard);
        } catch (InvalidArgumentException e) {
            // kinesalite's answer to an invalid iterator.
            invalidIterator(shard, now, e);
            return null;
        } catch (ResourceInUseException e) {
            streamNotActive(shard, now, e);
            return null;
        } catch (KinesisException e) {
            if (!isServerError(e)) {
                throw new IOException(
                        String.format(
                                "Could not read shard %s of stream '%s': %s",
                                shard.shardId, stream, describe(e)),
                        e);
            }
            // A server error, or kinesis-local's answer to an invalid iterator (HTTP 500, no
            // error code): a new iterator after the last record returned is always safe.
            invalidIterator(shard, now, e);
            return null;
        } catch (SdkClientException e) {
            // Network trouble or a timeout: the iterator is still good.
            retryLater(shard, now, e);
            return null;
        }
        return onRecords(shard, response, now);
    }

    private ShardBatch onRecords(PolledShard shard, GetRecordsResponse response, long callNanos) {
        List<KinesisRecord> records =
                ShardBatch.toKinesisRecords(shard.shardId, response.records());
        long bytes = 0;
        for (KinesisRecord record : records) {
            bytes += record.data().length;
        }
        if (!records.isEmpty()) {
            shard.lastSequenceNumber = records.get(records.size() - 1).sequenceNumber();
        }
        shard.iterator = response.nextShardIterator();
        shard.consecutiveErrors = 0;
        shard.throttledSinceNanos = -1;
        shard.consecutiveThrottles = 0;
        if (shard.iterator == null) {
            // A closed shard read to its end.
            shards.remove(shard.shardId);
            return new ShardBatch(shard.shardId, records, response.millisBehindLatest(), true);
        }
        long wait =
                (records.isEmpty() ? settings.emptyReadInterval() : settings.nonEmptyReadInterval())
                        .toNanos();
        long bandwidthWait = bytes * 1_000_000_000L / PollingSettings.MAX_BYTES_PER_SECOND;
        shard.nextPollNanos =
                callNanos + Math.max(wait, Math.max(MIN_CALL_INTERVAL_NANOS, bandwidthWait));
        return new ShardBatch(shard.shardId, records, response.millisBehindLatest(), false);
    }

    private ShardBatch endShard(PolledShard shard) {
        shards.remove(shard.shardId);
        return ShardBatch.ended(shard.shardId);
    }

    // --------------------------------------------------------------------------------------------
    // Shard iterators
    // --------------------------------------------------------------------------------------------

    private enum IteratorOutcome {
        READY,
        RESCHEDULED,
        SHARD_GONE
    }

    private IteratorOutcome renewIterator(PolledShard shard, long now) throws IOException {
        StartingPosition position = shard.resumePosition();
        // The fallback to the tip is for this request only: a later renewal before the first
        // record tries the pinned instant again, which the server has reached by then.
        boolean latestFallback = shard.latestFallback;
        shard.latestFallback = false;
        try {
            shard.iterator = requestIterator(shard, position, latestFallback);
            return IteratorOutcome.READY;
        } catch (ProvisionedThroughputExceededException
                | LimitExceededException
                | KmsThrottlingException e) {
            throttled(shard, now, e);
            return IteratorOutcome.RESCHEDULED;
        } catch (InvalidArgumentException | ResourceNotFoundException e) {
            if (position.kind() == StartingPosition.Kind.AFTER_STARTUP_SEQUENCE_NUMBER) {
                throw new IOException(
                        ShardStart.startupSequenceNumberRejected(
                                stream, shard.shardId, position, e),
                        e);
            }
            if (position.kind() == StartingPosition.Kind.LATEST_AT
                    && e instanceof InvalidArgumentException
                    && !latestFallback) {
                LOG.warn(
                        "Shard {} of stream {} rejected the start instant {} ({}), probably"
                                + " because of clock skew; it starts at its tip (LATEST)",
                        shard.shardId,
                        stream,
                        Instant.ofEpochMilli(position.timestampMillis()),
                        describe(e));
                shard.latestFallback = true;
                shard.nextPollNanos = now;
                return IteratorOutcome.RESCHEDULED;
            }
            if (e instanceof ResourceNotFoundException) {
                if (!presence.shardAloneIsGone(shard.shardId, e)) {
                    retryOrWaitForDescribe(shard, now, e);
                    return IteratorOutcome.RESCHEDULED;
                }
                LOG.warn(
                        "Shard {} of stream {} no longer exists ({}); it counts as finished",
                        shard.shardId,
                        stream,
                        describe(e));
                return IteratorOutcome.SHARD_GONE;
            }
            throw new IOException(
                    String.format(
                            "Shard %s of stream '%s' rejected the start position %s: %s",
                            shard.shardId, stream, position, describe(e)),
                    e);
        } catch (ResourceInUseException e) {
            streamNotActive(shard, now, e);
            return IteratorOutcome.RESCHEDULED;
        } catch (KinesisException e) {
            if (!isServerError(e)) {
                throw new IOException(
                        String.format(
                                "Could not get an iterator for shard %s of stream '%s' at %s: %s",
                                shard.shardId, stream, position, describe(e)),
                        e);
            }
            retryLater(shard, now, e);
            return IteratorOutcome.RESCHEDULED;
        } catch (SdkClientException e) {
            retryLater(shard, now, e);
            return IteratorOutcome.RESCHEDULED;
        }
    }

    private String requestIterator(
            PolledShard shard, StartingPosition position, boolean latestFallback) {
        ShardStart start = ShardStart.of(position, latestFallback);
        return proxy.getShardIterator(
                stream, shard.shardId, start.type, start.sequenceNumber, start.timestamp);
    }

    // --------------------------------------------------------------------------------------------
    // Errors and backoff
    // --------------------------------------------------------------------------------------------

    private static String describe(Exception e) {
        return KinesisErrors.describe(e);
    }

    private static boolean isServerError(KinesisException e) {
        return KinesisErrors.isServerError(e);
    }

    private void invalidIterator(PolledShard shard, long now, Exception e) throws IOException {
        LOG.warn(
                "GetRecords on shard {} of stream {} failed ({}); renewing the iterator after {}",
                shard.shardId,
                stream,
                describe(e),
                shard.resumePositionText());
        shard.iterator = null;
        countError(shard, e);
        shard.nextPollNanos =
                now
                        + Math.max(
                                MIN_CALL_INTERVAL_NANOS,
                                settings.invalidIteratorRetryInterval().toNanos());
    }

    /**
     * The stream is not active (kinesis-local says so while it is being deleted or created): an
     * error naming the stream when it is gone or was created again, else the shard retries later.
     */
    private void streamNotActive(PolledShard shard, long now, ResourceInUseException e)
            throws IOException {
        presence.streamIsStillThere(shard.shardId, e);
        retryLater(shard, now, e);
    }

    /** A throttled DescribeStreamSummary is throttling, not an error of the shard. */
    private void retryOrWaitForDescribe(PolledShard shard, long now, Exception e)
            throws IOException {
        if (presence.describeWasThrottled()) {
            throttled(shard, now, e);
        } else {
            retryLater(shard, now, e);
        }
    }

    private void retryLater(PolledShard shard, long now, Exception e) throws IOException {
        countError(shard, e);
        long delay = backoff(shard.consecutiveErrors);
        LOG.warn(
                "Reading shard {} of stream {} failed ({}); retry {} of {} in {} ms",
                shard.shardId,
                stream,
                describe(e),
                shard.consecutiveErrors,
                MAX_CONSECUTIVE_ERRORS - 1,
                delay / 1_000_000);
        shard.nextPollNanos = now + delay;
    }

    private void countError(PolledShard shard, Exception e) throws IOException {
        shard.consecutiveErrors++;
        if (shard.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            throw new IOException(
                    String.format(
                            "Shard %s of stream '%s' failed %d times in a row; last error: %s",
                            shard.shardId, stream, shard.consecutiveErrors, describe(e)),
                    e);
        }
    }

    private void throttled(PolledShard shard, long now, Exception e) {
        shard.consecutiveThrottles++;
        if (shard.throttledSinceNanos < 0) {
            shard.throttledSinceNanos = now;
            shard.throttlingWarned = false;
        }
        long delay = backoff(shard.consecutiveThrottles);
        if (!shard.throttlingWarned && now - shard.throttledSinceNanos > THROTTLING_WARNING_NANOS) {
            shard.throttlingWarned = true;
            LOG.warn(
                    "Shard {} of stream {} has been throttled for more than {} s ({}); backing"
                            + " off. Other consumers of the stream share its read limits.",
                    shard.shardId,
                    stream,
                    THROTTLING_WARNING_NANOS / 1_000_000_000L,
                    describe(e));
        } else {
            LOG.debug(
                    "Shard {} of stream {} throttled ({}); next read in {} ms",
                    shard.shardId,
                    stream,
                    describe(e),
                    delay / 1_000_000);
        }
        shard.nextPollNanos = now + delay;
    }

    /**
     * The wait before attempt {@code attempt + 1}: exponential from the empty-read interval (at
     * least Kinesis' 200 ms per call) up to the maximum backoff, half of it random.
     */
    @VisibleForTesting
    long backoff(int attempt) {
        long base = Math.max(MIN_CALL_INTERVAL_NANOS, settings.emptyReadInterval().toNanos());
        long max = Math.max(base, settings.maxBackoff().toNanos());
        long cap = base;
        for (int i = 1; i < attempt && cap < max; i++) {
            cap *= 2;
        }
        cap = Math.min(cap, max);
        return cap / 2 + (long) (random.getAsDouble() * (cap / 2));
    }

    /** The polling state of one shard. */
    private static final class PolledShard {
        final KinesisShardSplit split;
        final String shardId;
        @Nullable String iterator;
        @Nullable String lastSequenceNumber;

        /** The next iterator request starts at the tip instead of the rejected pinned instant. */
        boolean latestFallback;

        boolean paused;
        long nextPollNanos;
        long lastPollOrder;
        int consecutiveErrors;
        int consecutiveThrottles;
        long throttledSinceNanos = -1;
        boolean throttlingWarned;

        PolledShard(KinesisShardSplit split, long now) {
            this.split = split;
            this.shardId = split.shardId();
            this.nextPollNanos = now;
        }

        /** After the last record returned, else where the split starts. */
        StartingPosition resumePosition() {
            return lastSequenceNumber == null
                    ? split.startingPosition()
                    : StartingPosition.afterEmitted(lastSequenceNumber);
        }

        String resumePositionText() {
            return resumePosition().toString();
        }
    }
}
