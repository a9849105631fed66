package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;

import org.apache.flink.annotation.Internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells "this shard is gone" from "the stream is gone" when Kinesis answers ResourceNotFound about
 * a shard, by asking DescribeStreamSummary. A shard alone is gone when it expired: it was closed
 * longer than the retention period ago, at least a day, so only a stream older than a day can have
 * one (in a younger stream the shard is asked for again). A stream that is gone, being deleted or
 * created, or created after this reader started (deleted and created again under the same name)
 * fails the read instead.
 */
@Internal
final class StreamPresence {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPresence.class);

    /**
     * The shortest retention period Kinesis allows: no shard of a stream younger than this can have
     * expired.
     */
    private static final Duration MIN_RETENTION = Duration.ofHours(24);

    /** A stream found in place is not described again for this long (many shards may ask). */
    private static final long CONFIRMATION_VALIDITY_NANOS = Duration.ofSeconds(5).toNanos();

    private final StreamProxy proxy;
    private final String stream;
    private final Supplier<Instant> clock;
    private final Instant readerStart;
    private final LongSupplier nanoClock;
    private long confirmedAtNanos;
    private boolean confirmed;
    private boolean describeThrottled;

    /** The creation time of the stream last found in place; {@code null} where not given. */
    @Nullable private Instant confirmedCreation;

    /**
     * @param clock the wall clock
     * @param nanoClock the monotonic clock of the fetcher
     */
    StreamPresence(
            StreamProxy proxy, String stream, Supplier<Instant> clock, LongSupplier nanoClock) {
        this.proxy = proxy;
        this.stream = stream;
        this.clock = clock;
        this.readerStart = clock.get();
        this.nanoClock = nanoClock;
    }

    /**
     * Whether shard {@code shardId} alone is gone (it expired), after Kinesis said {@code notFound}
     * about it and the stream is still there. {@code false} when the stream could not be described,
     * or when it is too young to have an expired shard: then the shard is not visible yet (Kinesis
     * is eventually consistent after a reshard) and is asked for again; a stream deleted and
     * created again is told apart by its creation time, here and by the enumerator.
     *
     * @throws IOException naming the stream when the stream itself is gone or was replaced
     */
    boolean shardAloneIsGone(String shardId, Throwable notFound) throws IOException {
        if (!streamIsStillThere(shardId, notFound)) {
            return false;
        }
        Instant created = confirmedCreation;
        if (created != null && created.isAfter(clock.get().minus(MIN_RETENTION))) {
            LOG.warn(
                    "Shard {} of stream {} is not found ({}) in a stream created at {}, too"
                            + " recently for any of its shards to have expired; asking again",
                    shardId,
                    stream,
                    KinesisErrors.describe(notFound),
                    created);
            return false;
        }
        return true;
    }

    /** Whether the last description of the stream failed because it was throttled. */
    boolean describeWasThrottled() {
        return describeThrottled;
    }

    /**
     * Whether the stream is still the one this reader started on, after Kinesis said {@code
     * notFound} about its shard {@code shardId} (or that the stream is not active): then the shard
     * alone is gone (or, with fan-out, the consumer). {@code false} when the stream could not be
     * described (ask again later).
     *
     * @throws IOException naming the stream when the stream itself is gone or was replaced
     */
    boolean streamIsStillThere(String shardId, Throwable notFound) throws IOException {
        long now = nanoClock.getAsLong();
        if (confirmed && now - confirmedAtNanos < CONFIRMATION_VALIDITY_NANOS) {
            return true;
        }
        StreamDescriptionSummary summary;
        describeThrottled = false;
        try {
            summary = proxy.describeStreamSummary(stream);
        } catch (ResourceNotFoundException e) {
            throw new IOException(
                    String.format(
                            "Kinesis stream '%s' no longer exists: it was deleted while shard %s"
                                    + " was read (%s)",
                            stream, shardId, KinesisErrors.describe(notFound)),
                    notFound);
        } catch (SdkException e) {
            describeThrottled = e instanceof LimitExceededException;
            LOG.warn(
                    "Shard {} of stream {} was not found ({}) and the stream could not be"
                            + " described ({}); trying again",
                    shardId,
                    stream,
                    KinesisErrors.describe(notFound),
                    KinesisErrors.describe(e));
            return false;
        }
        if (summary.streamStatus() == StreamStatus.CREATING) {
            throw new IOException(
                    String.format(
                            "Kinesis stream '%s' was deleted and created again while it was read:"
                                    + " it is being created (shard %s: %s). Positions in the old"
                                    + " stream mean nothing in the new one; start the job without"
                                    + " its checkpoint to read the new stream.",
                            stream, shardId, KinesisErrors.describe(notFound)),
                    notFound);
        }
        if (summary.streamStatus() == StreamStatus.DELETING) {
            throw new IOException(
                    String.format(
                            "Kinesis stream '%s' no longer exists: it is being deleted (shard %s:"
                                    + " %s)",
                            stream, shardId, KinesisErrors.describe(notFound)),
                    notFound);
        }
        Instant created = summary.streamCreationTimestamp();
        if (created != null && created.isAfter(readerStart)) {
            throw new IOException(
                    String.format(
                            "Kinesis stream '%s' was deleted and created again while it was read"
                                    + " (the stream now was created at %s, after this reader"
                                    + " started at %s): shard %s of the old stream is gone."
                                    + " Positions in the old stream mean nothing in the new one;"
                                    + " start the job without its checkpoint to read the new"
                                    + " stream.",
                            stream, created, readerStart, shardId),
                    notFound);
        }
        confirmed = true;
        confirmedAtNanos = now;
        confirmedCreation = created;
        return true;
    }
}
