package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.config.StartupMode;
import io.flinkrw.connector.kinesis.config.StartupSequenceNumbers;
import io.flinkrw.connector.kinesis.source.proxy.StreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Lists the stream's shards at start and then periodically (and whenever a shard ends, to find its
 * children at once), and assigns each shard to one reader once all of its parents are finished.
 * Assignment is by hash-key range ({@link UniformShardAssigner}), to readers that are registered;
 * splits returned by a failed reader are assigned again.
 *
 * <p>A finish reported by a reader is acknowledged to it only after a checkpoint that holds the
 * finish has completed; until then the reader keeps the finished split in its own state. If the
 * reader fails first, its unacknowledged finished splits count as assigned again, because its
 * restored state may hold them unfinished.
 *
 * <p>In an unbounded read, a registered reader that holds no shard and has none waiting for it (a
 * child whose parents are still read goes to its owner later) is told so ({@link
 * NoSplitForReaderEvent}) and marks itself idle: once the first listing is assigned, when it
 * registers, and, when its shards have finished, once a listing after the finish has answered and
 * the children it found are assigned (to other readers).
 *
 * <p>With enhanced fan-out it also keeps the stream consumer: it makes it active at start
 * (registering it if it does not exist), checks it at every discovery interval (registering it
 * again if someone deleted it), and tells the readers its ARN and which of their shards are closed
 * ({@link FanOutConsumerEvent}). A consumer this source registered is deregistered when the job
 * ends, never on a failover ({@link ConsumerDeregistrations}).
 */
@Internal
public final class KinesisSourceEnumerator
        implements SplitEnumerator<KinesisShardSplit, KinesisSourceEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisSourceEnumerator.class);

    /** Periodic listing that fails this often in a row fails the job. */
    @VisibleForTesting static final int MAX_CONSECUTIVE_DISCOVERY_FAILURES = 10;

    private static final Comparator<String> SHARD_ID_ORDER =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final SplitEnumeratorContext<KinesisShardSplit> context;
    private final KinesisSourceConfig config;
    private final StreamProxy proxy;
    private final Instant startupInstant;
    private final Supplier<Instant> clock;
    private final SplitTracker tracker = new SplitTracker();

    /** Whether a child shard goes to the reader its parent was assigned to. */
    private final boolean childrenOnTheirParentsReader;

    /** The reader each split was last assigned to by this enumerator. */
    private final Map<String, Integer> readerOfSplit = new HashMap<>();

    private final UniformShardAssigner assigner = new UniformShardAssigner();
    private final Set<Integer> readersWithoutMoreSplits = new HashSet<>();

    /** Readers (registrations) told that there is no shard for them, and given none since. */
    private final Set<Integer> readersToldNoSplit = new HashSet<>();

    /** Readers that finished a shard since the last listing: its children may be unknown yet. */
    private final Set<Integer> readersAwaitingChildren = new HashSet<>();

    /** With enhanced fan-out: the stream consumer, and who deregisters it. */
    @Nullable private final StreamConsumerRegistrar consumers;

    private final ConsumerDeregistrations deregistrations;

    /** The active consumer the readers subscribe through; read by the worker thread too. */
    @Nullable private volatile String consumerArn;

    /** The consumer this source registered; set by the worker thread. */
    @Nullable private volatile String registeredConsumerArn;

    @Nullable private FanOutConsumerEvent lastFanOutEvent;

    private volatile boolean closed;

    /** The worker thread is making the consumer active (registering it, perhaps). */
    private boolean activationInFlight;

    @Nullable private volatile String lastSeenShardId;

    /** Failures of the periodic listing in a row (listings that finishes asked for not counted). */
    private int consecutiveDiscoveryFailures;

    /** The stream the positions belong to; read by the worker thread too. */
    @Nullable private volatile StreamIdentity stream;

    /** A listing that a finished shard asked for is waiting for the worker thread to start it. */
    private final AtomicBoolean adHocListingQueued = new AtomicBoolean();

    /** A listing that a finished shard asked for has not answered yet. */
    private boolean adHocListingInFlight;

    /** A shard finished while the ad hoc listing ran: list once more when it answers. */
    private boolean adHocListingWanted;

    /** An ad hoc listing failed: only the periodic listing lists until a listing succeeds. */
    private boolean adHocListingsSuspended;

    /** Finishes reported since the last snapshot: reader subtask to split id to split. */
    private Map<Integer, Map<String, KinesisShardSplit>> finishedSinceSnapshot = new HashMap<>();

    /** Finishes held by the snapshot of each checkpoint, not yet acknowledged. */
    private final NavigableMap<Long, Map<Integer, Map<String, KinesisShardSplit>>>
            finishedByCheckpoint = new TreeMap<>();

    public KinesisSourceEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context,
            KinesisSourceConfig config,
            StreamProxy proxy,
            Instant startupInstant,
            KinesisSourceEnumState state,
            boolean childrenOnTheirParentsReader) {
        this(
                context,
                config,
                proxy,
                startupInstant,
                state,
                childrenOnTheirParentsReader,
                Instant::now,
                config.fanOut() == null
                        ? null
                        : new StreamConsumerRegistrar(
                                proxy,
                                config.stream(),
                                config.fanOut().consumerName(),
                                startupInstant),
                ConsumerDeregistrations.INSTANCE);
    }

    @VisibleForTesting
    KinesisSourceEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context,
            KinesisSourceConfig config,
            StreamProxy proxy,
            Instant startupInstant,
            KinesisSourceEnumState state,
            Supplier<Instant> clock) {
        this(context, config, proxy, startupInstant, state, false, clock, null, null);
    }

    @VisibleForTesting
    KinesisSourceEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context,
            KinesisSourceConfig config,
            StreamProxy proxy,
            Instant startupInstant,
            KinesisSourceEnumState state,
            boolean childrenOnTheirParentsReader,
            Supplier<Instant> clock,
            @Nullable StreamConsumerRegistrar consumers,
            @Nullable ConsumerDeregistrations deregistrations) {
        this.context = context;
        this.childrenOnTheirParentsReader = childrenOnTheirParentsReader;
        this.config = config;
        this.proxy = proxy;
        this.startupInstant = startupInstant;
        this.clock = clock;
        this.consumers = consumers;
        this.deregistrations =
                deregistrations != null ? deregistrations : ConsumerDeregistrations.INSTANCE;
        this.lastSeenShardId = state.lastSeenShardId();
        this.registeredConsumerArn = state.registeredConsumerArn();
        this.stream = state.stream();
        tracker.markAssigned(state.assignedSplits());
        state.unassignedSplits().forEach(tracker::addDiscovered);
    }

    @Override
    public void start() {
        if (consumers != null) {
            startConsumer();
        }
        if (lastSeenShardId == null) {
            context.callAsync(this::listInitialShards, this::onInitialShards);
        } else {
            context.callAsync(this::checkStream, this::onRestoredStreamChecked);
            startPeriodicDiscovery();
        }
    }

    // --------------------------------------------------------------------------------------------
    // The stream's identity
    // --------------------------------------------------------------------------------------------

    /**
     * The stream as it is now; fails when it is gone, or when it is not the one the positions
     * belong to (deleted and created again, or another stream).
     */
    private StreamIdentity checkStream() {
        StreamDescriptionSummary summary;
        try {
            summary = proxy.describeStreamSummary(config.stream());
        } catch (ResourceNotFoundException e) {
            throw new StreamChangedException(
                    String.format(
                            "Kinesis stream '%s' %s (%s)%s",
                            config.stream(),
                            stream == null ? "does not exist" : "no longer exists",
                            e.getMessage(),
                            stream == null ? "" : "; it was " + stream),
                    e);
        }
        if (summary.streamStatus() == StreamStatus.DELETING) {
            throw new StreamChangedException(
                    String.format(
                            "Kinesis stream '%s' no longer exists: it is being deleted",
                            config.stream()),
                    null);
        }
        StreamIdentity current = StreamIdentity.of(summary);
        StreamIdentity expected = stream;
        if (expected != null && !expected.isSameStreamAs(current)) {
            throw new StreamChangedException(
                    String.format(
                            "Kinesis stream '%s' is not the stream this source's positions belong"
                                    + " to: they belong to %s, the stream now is %s. %s"
                                    + " Positions in one stream mean nothing in another; start"
                                    + " the job without its checkpoint or savepoint (or give the"
                                    + " source a new uid) to read the stream from the startup"
                                    + " mode's position.",
                            config.stream(),
                            expected,
                            current,
                            expected.arn().equals(current.arn())
                                    ? "It was deleted and created again under the same name."
                                    : "The option 'stream' (or the account or region) changed."),
                    null);
        }
        return current;
    }

    private void onRestoredStreamChecked(
            @Nullable StreamIdentity current, @Nullable Throwable error) {
        if (error != null) {
            if (error instanceof StreamChangedException) {
                throw new FlinkRuntimeException(error.getMessage(), error);
            }
            // Not fatal: the periodic listing checks the stream again.
            LOG.warn("Could not describe stream {} ({})", config.stream(), error.getMessage());
            return;
        }
        if (stream == null) {
            LOG.info("The positions of this source belong to stream {}", current);
            stream = current;
        }
    }

    // --------------------------------------------------------------------------------------------
    // The stream consumer (enhanced fan-out)
    // --------------------------------------------------------------------------------------------

    private void startConsumer() {
        String claimed = deregistrations.claim(consumerKey());
        if (claimed != null && registeredConsumerArn == null) {
            // The previous enumerator of this job registered it and had no checkpoint to say so.
            registeredConsumerArn = claimed;
        }
        context.callAsync(this::activateConsumer, this::onConsumerActive);
        long interval = config.shardDiscoveryInterval().toMillis();
        context.callAsync(this::checkConsumer, this::onConsumerActive, interval, interval);
    }

    /** What identifies this source's consumer across enumerators of the JVM. */
    private String consumerKey() {
        return String.join(
                "|",
                String.valueOf(config.client().endpoint()),
                config.client().region(),
                config.stream(),
                consumers.consumerName());
    }

    @Nullable
    private String activateConsumer() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return null;
            }
            activationInFlight = true;
        }
        try {
            return consumers.ensureActive(arn -> registeredConsumerArn = arn);
        } finally {
            synchronized (this) {
                activationInFlight = false;
                if (closed) {
                    // Closed meanwhile (the job was cancelled while it registered): close() left
                    // the consumer and the client to this thread.
                    releaseConsumer();
                }
            }
        }
    }

    /** The active consumer: the one the readers have, unless it is gone or going away. */
    @Nullable
    private String checkConsumer() throws InterruptedException {
        String current = consumerArn;
        if (current == null || consumers.isActive(current)) {
            return current;
        }
        LOG.warn(
                "Stream consumer {} of stream {} is gone or going away; making one active again",
                current,
                config.stream());
        return activateConsumer();
    }

    private void onConsumerActive(@Nullable String arn, @Nullable Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            if (consumerArn == null) {
                throw new FlinkRuntimeException(
                        String.format(
                                "Could not make stream consumer '%s' of Kinesis stream '%s'"
                                        + " active: %s",
                                consumers.consumerName(), config.stream(), error.getMessage()),
                        error);
            }
            LOG.warn(
                    "Could not check stream consumer {} ({}); checking again later",
                    consumerArn,
                    error.getMessage());
            return;
        }
        if (arn == null || arn.equals(consumerArn)) {
            return;
        }
        LOG.info("Readers of stream {} subscribe through consumer {}", config.stream(), arn);
        consumerArn = arn;
        tellReadersAboutFanOut();
    }

    /** Tells every reader the consumer and the closed shards, when either changed. */
    private void tellReadersAboutFanOut() {
        String arn = consumerArn;
        if (arn == null) {
            return;
        }
        FanOutConsumerEvent event = new FanOutConsumerEvent(arn, tracker.closedShardIds());
        if (lastFanOutEvent != null
                && lastFanOutEvent.consumerArn().equals(event.consumerArn())
                && lastFanOutEvent.closedShardIds().equals(event.closedShardIds())) {
            return;
        }
        lastFanOutEvent = event;
        for (Integer reader : context.registeredReaders().keySet()) {
            context.sendEventToSourceReader(reader, event);
        }
    }

    // --------------------------------------------------------------------------------------------
    // Shard discovery
    // --------------------------------------------------------------------------------------------

    /**
     * The stream and its first listing, with the instant at which a bounded read stops, taken just
     * before.
     */
    private InitialListing listInitialShards() {
        Instant stopAt = clock.get();
        StreamIdentity identity = checkStream();
        return new InitialListing(identity, listShards(initialFilter()), stopAt);
    }

    @Nullable
    private ShardFilter initialFilter() {
        switch (config.startupMode()) {
            case LATEST:
                return fromTimestamp(startupInstant);
            case TIMESTAMP:
                return fromTimestamp(Instant.ofEpochMilli(config.startupTimestampMillis()));
            default:
                return null;
        }
    }

    /** Closed shards that ended before the instant hold nothing to read. */
    private static ShardFilter fromTimestamp(Instant instant) {
        return ShardFilter.builder()
                .type(ShardFilterType.FROM_TIMESTAMP)
                .timestamp(instant)
                .build();
    }

    private List<Shard> listShards(@Nullable ShardFilter filter) {
        try {
            return proxy.listShards(config.stream(), filter);
        } catch (InvalidArgumentException e) {
            if (filter == null) {
                throw e;
            }
            LOG.info(
                    "Stream {} rejected the shard filter {} ({}); listing every shard",
                    config.stream(),
                    filter,
                    e.getMessage());
            return proxy.listShards(config.stream(), null);
        }
    }

    private void onInitialShards(@Nullable InitialListing listing, @Nullable Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(
                    String.format(
                            "Could not list the shards of Kinesis stream '%s' in region %s: %s",
                            config.stream(), config.client().region(), error.getMessage()),
                    error);
        }
        if (listing.shards.isEmpty()) {
            throw new FlinkRuntimeException(
                    String.format("Kinesis stream '%s' has no shards", config.stream()));
        }
        stream = listing.stream;
        long stoppingArrivalMillis =
                config.isBounded() ? listing.stopAt.toEpochMilli() + 1 : KinesisShardSplit.NO_STOP;
        Set<String> finishedAncestors = finishedAncestors(listing.shards);
        List<KinesisShardSplit> splits = new ArrayList<>();
        for (Shard shard : listing.shards) {
            if (!finishedAncestors.contains(shard.shardId())) {
                splits.add(toSplit(shard, initialPosition(shard.shardId()), stoppingArrivalMillis));
            }
        }
        if (!finishedAncestors.isEmpty()) {
            LOG.info(
                    "Shards {} of stream {} are ancestors of shards with a start position: they"
                            + " count as read to their end",
                    finishedAncestors,
                    config.stream());
        }
        addDiscovered(splits);
        LOG.info(
                "Stream {} has {} shards to read ({}){}",
                config.stream(),
                splits.size(),
                config.startupMode().value(),
                config.isBounded() ? ", up to the records that arrived at " + listing.stopAt : "");
        assignPendingSplits();
        if (!config.isBounded()) {
            startPeriodicDiscovery();
        }
    }

    private void startPeriodicDiscovery() {
        if (config.isBounded()) {
            return;
        }
        long interval = config.shardDiscoveryInterval().toMillis();
        context.callAsync(this::listNewShards, this::onPeriodicListing, interval, interval);
    }

    /**
     * Lists the stream now, for the children of a shard that finished. At most one such listing is
     * queued and one more wanted while it runs; they spend none of the periodic listing's failure
     * budget, and after one fails only the periodic listing lists until a listing succeeds.
     */
    private void discoverNow() {
        if (config.isBounded() || lastSeenShardId == null || adHocListingsSuspended) {
            return;
        }
        if (adHocListingQueued.get()) {
            return;
        }
        if (adHocListingInFlight) {
            adHocListingWanted = true;
            return;
        }
        adHocListingInFlight = true;
        adHocListingQueued.set(true);
        context.callAsync(
                () -> {
                    adHocListingQueued.set(false);
                    return listNewShards();
                },
                this::onAdHocListing);
    }

    private void onAdHocListing(@Nullable List<Shard> shards, @Nullable Throwable error) {
        adHocListingInFlight = false;
        failIfStreamChanged(error);
        if (error != null) {
            adHocListingWanted = false;
            adHocListingsSuspended = true;
            LOG.warn(
                    "Listing the shards of stream {} for the children of a finished shard failed"
                            + " ({}); the periodic listing will find them",
                    config.stream(),
                    error.getMessage());
            return;
        }
        onNewShards(shards);
        if (adHocListingWanted) {
            adHocListingWanted = false;
            discoverNow();
        }
    }

    private List<Shard> listNewShards() {
        String after = lastSeenShardId;
        StreamIdentity current = checkStream();
        if (stream == null) {
            // A state of an older version whose check at the restore failed: adopt it now.
            LOG.info("The positions of this source belong to stream {}", current);
            stream = current;
        }
        return listShards(
                ShardFilter.builder().type(ShardFilterType.AFTER_SHARD_ID).shardId(after).build());
    }

    private static void failIfStreamChanged(@Nullable Throwable error) {
        if (error instanceof StreamChangedException) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
    }

    private void onPeriodicListing(@Nullable List<Shard> shards, @Nullable Throwable error) {
        failIfStreamChanged(error);
        if (error != null) {
            consecutiveDiscoveryFailures++;
            if (consecutiveDiscoveryFailures >= MAX_CONSECUTIVE_DISCOVERY_FAILURES) {
                throw new FlinkRuntimeException(
                        String.format(
                                "Listing the shards of Kinesis stream '%s' failed %d times in a"
                                        + " row: %s",
                                config.stream(), consecutiveDiscoveryFailures, error.getMessage()),
                        error);
            }
            LOG.warn(
                    "Listing the shards of stream {} failed ({}); trying again later",
                    config.stream(),
                    error.getMessage());
            return;
        }
        onNewShards(shards);
    }

    private void onNewShards(List<Shard> shards) {
        consecutiveDiscoveryFailures = 0;
        adHocListingsSuspended = false;
        // The children of every shard finished so far are listed now.
        readersAwaitingChildren.clear();
        List<KinesisShardSplit> splits = new ArrayList<>();
        for (Shard shard : shards) {
            // Some servers ignore the filter, and listings may overlap: only newer shards count.
            if (SHARD_ID_ORDER.compare(shard.shardId(), lastSeenShardId) > 0) {
                splits.add(
                        toSplit(shard, laterPosition(shard.shardId()), KinesisShardSplit.NO_STOP));
            }
        }
        if (!splits.isEmpty()) {
            addDiscovered(splits);
            LOG.info("Found new shards of stream {}: {}", config.stream(), splits);
            assignPendingSplits();
        } else {
            tellReadersWithoutSplits(context.currentParallelism());
        }
    }

    private void addDiscovered(List<KinesisShardSplit> splits) {
        for (KinesisShardSplit split : splits) {
            tracker.addDiscovered(split);
            if (lastSeenShardId == null
                    || SHARD_ID_ORDER.compare(split.shardId(), lastSeenShardId) > 0) {
                lastSeenShardId = split.shardId();
            }
        }
    }

    /** With per-shard sequence numbers, the ancestors of the shards that have one. */
    private Set<String> finishedAncestors(List<Shard> shards) {
        StartupSequenceNumbers numbers = config.startupSequenceNumbers();
        if (config.startupMode() != StartupMode.SEQUENCE_NUMBER
                || numbers == null
                || !numbers.isPerShard()) {
            return Set.of();
        }
        return PerShardStart.finishedAncestors(
                config.stream(), shards, numbers.shardIds(), SHARD_ID_ORDER);
    }

    private StartingPosition initialPosition(String shardId) {
        switch (config.startupMode()) {
            case LATEST:
                return StartingPosition.latestAt(startupInstant);
            case TIMESTAMP:
                return StartingPosition.atTimestamp(config.startupTimestampMillis());
            case SEQUENCE_NUMBER:
                return config.startupSequenceNumbers()
                        .forShard(shardId)
                        .map(StartingPosition::afterStartupSequenceNumber)
                        .orElse(StartingPosition.earliest());
            default:
                return StartingPosition.earliest();
        }
    }

    /** Shards created after the first listing are children of shards read: read them whole. */
    private StartingPosition laterPosition(String shardId) {
        StartupSequenceNumbers numbers = config.startupSequenceNumbers();
        if (numbers != null && numbers.isPerShard()) {
            return numbers.forShard(shardId)
                    .map(StartingPosition::afterStartupSequenceNumber)
                    .orElse(StartingPosition.earliest());
        }
        return StartingPosition.earliest();
    }

    private static KinesisShardSplit toSplit(
            Shard shard, StartingPosition position, long stoppingArrivalMillis) {
        List<String> parents = new ArrayList<>(2);
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        return new KinesisShardSplit(
                shard.shardId(),
                parents,
                shard.hashKeyRange().startingHashKey(),
                shard.hashKeyRange().endingHashKey(),
                position,
                stoppingArrivalMillis,
                false);
    }

    // --------------------------------------------------------------------------------------------
    // Assignment
    // --------------------------------------------------------------------------------------------

    private void assignPendingSplits() {
        int parallelism = context.currentParallelism();
        Map<Integer, List<KinesisShardSplit>> assignment = new LinkedHashMap<>();
        List<KinesisShardSplit> assigned = new ArrayList<>();
        for (KinesisShardSplit split : tracker.assignable()) {
            int owner = owner(split, parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
                assigned.add(split);
            }
        }
        if (!assignment.isEmpty()) {
            LOG.info("Assigning splits {}", assignment);
            context.assignSplits(new SplitsAssignment<>(assignment));
            assignment.forEach(
                    (reader, splits) ->
                            splits.forEach(s -> readerOfSplit.put(s.splitId(), reader)));
            tracker.markAssigned(assigned);
            readersToldNoSplit.removeAll(assignment.keySet());
        }
        signalNoMoreSplitsWhereDone(parallelism);
        tellReadersWithoutSplits(parallelism);
        if (consumers != null) {
            tellReadersAboutFanOut();
        }
    }

    /**
     * The reader a split goes to: by its hash-key range, or, to keep each key's order downstream
     * across a reshard, the reader its (first) parent was assigned to, when this enumerator knows.
     */
    private int owner(KinesisShardSplit split, int parallelism) {
        if (childrenOnTheirParentsReader) {
            for (String parent : split.parentShardIds()) {
                Integer reader = readerOfSplit.get(parent);
                if (reader != null && reader < parallelism) {
                    return reader;
                }
            }
        }
        return assigner.owner(split, parallelism);
    }

    private boolean hasParentOnAnUnknownReader(KinesisShardSplit split) {
        Set<String> assigned = new HashSet<>();
        tracker.assignedSplits().forEach(s -> assigned.add(s.splitId()));
        return split.parentShardIds().stream()
                .anyMatch(p -> assigned.contains(p) && !readerOfSplit.containsKey(p));
    }

    /** In bounded mode, tells each reader that no split will come its way any more. */
    private void signalNoMoreSplitsWhereDone(int parallelism) {
        if (!config.isBounded() || lastSeenShardId == null) {
            return;
        }
        Set<Integer> stillExpecting = readersExpectingSplits(parallelism);
        if (stillExpecting == null) {
            return;
        }
        for (Integer reader : context.registeredReaders().keySet()) {
            if (!stillExpecting.contains(reader) && readersWithoutMoreSplits.add(reader)) {
                context.signalNoMoreSplits(reader);
            }
        }
    }

    /**
     * In an unbounded read, once the first listing is assigned, tells each reader that holds no
     * shard this enumerator knows of and has none waiting for it that there is none for it. A
     * reader holding restored shards this enumerator does not know of ignores it.
     */
    private void tellReadersWithoutSplits(int parallelism) {
        if (config.isBounded() || lastSeenShardId == null) {
            return;
        }
        Set<Integer> stillExpecting = readersExpectingSplits(parallelism);
        if (stillExpecting == null) {
            return;
        }
        for (KinesisShardSplit split : tracker.assignedSplits()) {
            Integer reader = readerOfSplit.get(split.splitId());
            if (reader != null) {
                stillExpecting.add(reader);
            }
        }
        stillExpecting.addAll(readersAwaitingChildren);
        for (Integer reader : context.registeredReaders().keySet()) {
            if (!stillExpecting.contains(reader) && readersToldNoSplit.add(reader)) {
                LOG.info("No shard for reader {}: it goes idle", reader);
                context.sendEventToSourceReader(reader, new NoSplitForReaderEvent());
            }
        }
    }

    /**
     * The owners of the shards not assigned yet, or null when one of them goes to a reader not
     * known yet (the one that finishes its parent).
     */
    @Nullable
    private Set<Integer> readersExpectingSplits(int parallelism) {
        Set<Integer> stillExpecting = new HashSet<>();
        for (KinesisShardSplit split : tracker.unassignedSplits()) {
            if (childrenOnTheirParentsReader && hasParentOnAnUnknownReader(split)) {
                return null;
            }
            stillExpecting.add(owner(split, parallelism));
        }
        return stillExpecting;
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed to their owners as soon as they are assignable.
    }

    @Override
    public void addReader(int subtaskId) {
        readersWithoutMoreSplits.remove(subtaskId);
        readersToldNoSplit.remove(subtaskId);
        assignPendingSplits();
        if (lastFanOutEvent != null) {
            context.sendEventToSourceReader(subtaskId, lastFanOutEvent);
        }
    }

    @Override
    public void addSplitsBack(List<KinesisShardSplit> splits, int subtaskId) {
        LOG.info("Reader {} failed; taking back splits {}", subtaskId, splits);
        for (KinesisShardSplit finished : takeUnacknowledgedFinishes(subtaskId)) {
            tracker.restoreAssigned(finished);
        }
        tracker.returnToUnassigned(splits);
        readersWithoutMoreSplits.remove(subtaskId);
        assignPendingSplits();
    }

    private List<KinesisShardSplit> takeUnacknowledgedFinishes(int subtaskId) {
        List<KinesisShardSplit> splits = new ArrayList<>();
        List<Map<Integer, Map<String, KinesisShardSplit>>> all =
                new ArrayList<>(finishedByCheckpoint.values());
        all.add(finishedSinceSnapshot);
        for (Map<Integer, Map<String, KinesisShardSplit>> bySubtask : all) {
            Map<String, KinesisShardSplit> finished = bySubtask.remove(subtaskId);
            if (finished != null) {
                finished.values().stream().filter(s -> s != null).forEach(splits::add);
            }
        }
        return splits;
    }

    // --------------------------------------------------------------------------------------------
    // Finished splits and checkpoints
    // --------------------------------------------------------------------------------------------

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (!(event instanceof SplitsFinishedEvent)) {
            LOG.warn("Ignoring unexpected event {} from reader {}", event, subtaskId);
            return;
        }
        Set<String> ids = ((SplitsFinishedEvent) event).splitIds();
        LOG.info("Reader {} finished splits {}", subtaskId, ids);
        // The reader that emitted a shard's last records, also after a restore.
        ids.forEach(id -> readerOfSplit.put(id, subtaskId));
        if (!config.isBounded()) {
            readersAwaitingChildren.add(subtaskId);
            // It may have ignored a notice while it held these shards.
            readersToldNoSplit.remove(subtaskId);
        }
        Map<String, KinesisShardSplit> finished =
                finishedSinceSnapshot.computeIfAbsent(subtaskId, k -> new HashMap<>());
        for (String id : ids) {
            KinesisShardSplit split = tracker.finish(id);
            if (split != null || !finished.containsKey(id)) {
                finished.put(id, split);
            }
        }
        assignPendingSplits();
        discoverNow();
    }

    @Override
    public KinesisSourceEnumState snapshotState(long checkpointId) {
        if (!finishedSinceSnapshot.isEmpty()) {
            finishedByCheckpoint.put(checkpointId, finishedSinceSnapshot);
            finishedSinceSnapshot = new HashMap<>();
        }
        return new KinesisSourceEnumState(
                lastSeenShardId,
                tracker.assignedSplits(),
                tracker.unassignedSplits(),
                registeredConsumerArn,
                stream);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, Map<Integer, Map<String, KinesisShardSplit>>> covered =
                finishedByCheckpoint.headMap(checkpointId, true);
        Map<Integer, Set<String>> acknowledgements = new HashMap<>();
        covered.values()
                .forEach(
                        bySubtask ->
                                bySubtask.forEach(
                                        (subtask, splits) ->
                                                acknowledgements
                                                        .computeIfAbsent(
                                                                subtask, k -> new HashSet<>())
                                                        .addAll(splits.keySet())));
        covered.clear();
        acknowledgements.forEach(
                (subtask, ids) -> {
                    // A reader that is not running reports its finished splits again on restore.
                    if (context.registeredReaders().containsKey(subtask)) {
                        context.sendEventToSourceReader(
                                subtask, new FinishedSplitsAcknowledgedEvent(ids));
                    }
                });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (activationInFlight) {
                return;
            }
        }
        releaseConsumer();
    }

    /** Hands a consumer this source registered over for deregistration, else closes the client. */
    private void releaseConsumer() {
        String registered = registeredConsumerArn;
        if (consumers != null && registered != null) {
            // The proxy goes with it, and is closed once the consumer is deregistered or kept.
            deregistrations.deregisterLater(consumerKey(), registered, proxy);
        } else {
            proxy.close();
        }
    }

    /** The stream, its first listing and the instant taken just before it. */
    private static final class InitialListing {
        final StreamIdentity stream;
        final List<Shard> shards;
        final Instant stopAt;

        InitialListing(StreamIdentity stream, List<Shard> shards, Instant stopAt) {
            this.stream = stream;
            this.shards = shards;
            this.stopAt = stopAt;
        }
    }

    /** The stream is gone, or is not the one the positions belong to: the job must fail. */
    private static final class StreamChangedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamChangedException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
