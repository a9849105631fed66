package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisSourceEnumeratorTest {

    private static final BigInteger QUARTER = BigInteger.ONE.shiftLeft(126);
    private static final Instant STARTUP = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Instant NOW = Instant.ofEpochMilli(1_800_000_000_000L);

    private final FakeStreamProxy proxy = new FakeStreamProxy();

    private static String shard(int n) {
        return String.format("shardId-%012d", n);
    }

    /** Shard {@code n} covering the {@code quarter}-th quarter of the hash-key space. */
    private FakeStreamProxy addQuarterShard(int n, int quarter, String... parents) {
        BigInteger start = QUARTER.multiply(BigInteger.valueOf(quarter));
        return proxy.addShard(
                shard(n),
                start.toString(),
                start.add(QUARTER).subtract(BigInteger.ONE).toString(),
                parents);
    }

    private FakeStreamProxy addShardCovering(
            int n, int fromQuarter, int toQuarter, String... parents) {
        BigInteger start = QUARTER.multiply(BigInteger.valueOf(fromQuarter));
        BigInteger end =
                QUARTER.multiply(BigInteger.valueOf(toQuarter + 1)).subtract(BigInteger.ONE);
        return proxy.addShard(shard(n), start.toString(), end.toString(), parents);
    }

    private static KinesisSourceConfig config(String... keyValues) {
        Map<String, String> options = new HashMap<>();
        options.put("stream", "orders");
        options.put("aws.region", "us-east-1");
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return KinesisSourceConfig.fromOptions(Configuration.fromMap(options));
    }

    private KinesisSourceEnumerator enumerator(
            TestingSplitEnumeratorContext<KinesisShardSplit> context, KinesisSourceConfig config) {
        return enumerator(context, config, KinesisSourceEnumState.initial());
    }

    private KinesisSourceEnumerator enumerator(
            TestingSplitEnumeratorContext<KinesisShardSplit> context,
            KinesisSourceConfig config,
            KinesisSourceEnumState state) {
        return new KinesisSourceEnumerator(context, config, proxy, STARTUP, state, () -> NOW);
    }

    private static TestingSplitEnumeratorContext<KinesisShardSplit> context(
            int parallelism, int... registered) {
        TestingSplitEnumeratorContext<KinesisShardSplit> context =
                new TestingSplitEnumeratorContext<>(parallelism);
        for (int reader : registered) {
            context.registerReader(reader, "localhost");
        }
        return context;
    }

    private static List<String> assigned(
            TestingSplitEnumeratorContext<KinesisShardSplit> context, int reader) {
        TestingSplitEnumeratorContext.SplitAssignmentState<KinesisShardSplit> state =
                context.getSplitAssignments().get(reader);
        return state == null
                ? List.of()
                : state.getAssignedSplits().stream()
                        .map(KinesisShardSplit::splitId)
                        .collect(Collectors.toList());
    }

    private static boolean noMoreSplits(
            TestingSplitEnumeratorContext<KinesisShardSplit> context, int reader) {
        return context.getSplitAssignments().containsKey(reader)
                && context.getSplitAssignments().get(reader).hasReceivedNoMoreSplitsSignal();
    }

    private static KinesisShardSplit assignedSplit(
            TestingSplitEnumeratorContext<KinesisShardSplit> context, String shardId) {
        return context.getSplitAssignments().values().stream()
                .flatMap(s -> s.getAssignedSplits().stream())
                .filter(s -> s.shardId().equals(shardId))
                .findFirst()
                .orElseThrow();
    }

    /** The readers sent a {@link NoSplitForReaderEvent}, one entry per event. */
    private static List<Integer> toldNoSplit(
            TestingSplitEnumeratorContext<KinesisShardSplit> context) {
        return context.getSentEvents().entrySet().stream()
                .flatMap(
                        e ->
                                e.getValue().stream()
                                        .filter(event -> event instanceof NoSplitForReaderEvent)
                                        .map(event -> e.getKey()))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void readersWithNoShardAndNoneWaitingAreToldOnceTheFirstListingIsAssigned() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(6, 0, 1, 2, 3, 4);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        assertThat(toldNoSplit(context)).isEmpty();

        context.triggerAllActions();
        Set<Integer> holding = new TreeSet<>();
        for (int reader = 0; reader < 5; reader++) {
            if (!assigned(context, reader).isEmpty()) {
                holding.add(reader);
            }
        }
        assertThat(holding).hasSize(1);
        int parentReader = holding.iterator().next();
        // The children's owners wait for them (a backlog the others must not run ahead of).
        enumerator.handleSourceEvent(parentReader, new SplitsFinishedEvent(Set.of(shard(0))));
        Set<Integer> expecting = new TreeSet<>();
        for (int reader = 0; reader < 5; reader++) {
            if (assigned(context, reader).contains(shard(1))
                    || assigned(context, reader).contains(shard(2))) {
                expecting.add(reader);
            }
        }
        Set<Integer> idle = new TreeSet<>(Set.of(0, 1, 2, 3, 4));
        idle.removeAll(holding);
        idle.removeAll(expecting);
        assertThat(idle).isNotEmpty();
        assertThat(new HashSet<>(toldNoSplit(context))).isEqualTo(idle);
        assertThat(toldNoSplit(context)).hasSameSizeAs(idle);

        // The reader whose shard finished, unless a child is its, is told once a listing after
        // the finish has answered (the children of its shard are known and assigned).
        context.triggerAllActions();
        if (!expecting.contains(parentReader)) {
            idle.add(parentReader);
        }
        assertThat(new HashSet<>(toldNoSplit(context))).isEqualTo(idle);
        assertThat(toldNoSplit(context)).hasSameSizeAs(idle);

        // A reader registering later with nothing to read is told at once.
        context.registerReader(5, "localhost");
        enumerator.addReader(5);
        assertThat(toldNoSplit(context)).contains(5);
    }

    @Test
    void boundedReadersAreNeverToldToIdle() {
        addQuarterShard(0, 0);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(3, 0, 1, 2);
        enumerator(context, config("scan.startup.mode", "earliest", "scan.bounded.mode", "latest"))
                .start();
        context.triggerAllActions();
        assertThat(toldNoSplit(context)).isEmpty();
    }

    @Test
    void assignsShardsEvenlyByHashKeyRange() {
        for (int i = 0; i < 4; i++) {
            addQuarterShard(i, i);
        }
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(2, 0, 1);
        enumerator(context, config()).start();
        context.triggerAllActions();

        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1));
        assertThat(assigned(context, 1)).containsExactly(shard(2), shard(3));
        assertThat(assignedSplit(context, shard(0)).startingPosition())
                .isEqualTo(StartingPosition.earliest());
        assertThat(proxy.listShardsFilters().get(0)).isNull();
    }

    @Test
    void childrenWaitUntilAllTheirParentsAreFinished() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        addShardCovering(3, 0, 3, shard(1), shard(2));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(2, 0, 1);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0));
        assertThat(assigned(context, 1)).isEmpty();

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1));
        assertThat(assigned(context, 1)).containsExactly(shard(2));

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(1))));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1));
        enumerator.handleSourceEvent(1, new SplitsFinishedEvent(Set.of(shard(2))));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1), shard(3));
    }

    @Test
    void withKeyOrderAcrossReshardsTheChildrenOfASplitGoToTheParentsReader() {
        addShardCovering(0, 0, 0);
        addShardCovering(1, 1, 2);
        addShardCovering(2, 3, 3);
        addShardCovering(3, 1, 1, shard(1));
        addShardCovering(4, 2, 2, shard(1));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(2, 0, 1);
        KinesisSourceEnumerator enumerator =
                new KinesisSourceEnumerator(
                        context,
                        config(),
                        proxy,
                        STARTUP,
                        KinesisSourceEnumState.initial(),
                        true,
                        () -> NOW,
                        null,
                        null);
        enumerator.start();
        context.triggerAllActions();
        int parentReader = assigned(context, 0).contains(shard(1)) ? 0 : 1;

        // By hash-key range one child would go to the other reader, while the parent's reader may
        // still be emitting the parent's last records downstream.
        enumerator.handleSourceEvent(parentReader, new SplitsFinishedEvent(Set.of(shard(1))));
        assertThat(assigned(context, parentReader)).contains(shard(3), shard(4));
        assertThat(assigned(context, 1 - parentReader)).doesNotContain(shard(3), shard(4));
    }

    @Test
    void withoutKeyOrderAcrossReshardsChildrenSpreadByHashKeyRange() {
        addShardCovering(0, 0, 0);
        addShardCovering(1, 1, 2);
        addShardCovering(2, 3, 3);
        addShardCovering(3, 1, 1, shard(1));
        addShardCovering(4, 2, 2, shard(1));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(2, 0, 1);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        enumerator.handleSourceEvent(1, new SplitsFinishedEvent(Set.of(shard(1))));
        assertThat(assigned(context, 0)).contains(shard(3));
        assertThat(assigned(context, 1)).contains(shard(4));
    }

    @Test
    void parentsThatWereNeverListedCountAsFinished() {
        addShardCovering(5, 0, 3, shard(1), shard(2));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config()).start();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(5));
    }

    @Test
    void readersGetTheirSplitsWhenTheyRegister() {
        for (int i = 0; i < 4; i++) {
            addQuarterShard(i, i);
        }
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(4, 1);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        assertThat(assigned(context, 1)).containsExactly(shard(1));
        assertThat(assigned(context, 3)).isEmpty();

        context.registerReader(3, "localhost");
        enumerator.addReader(3);
        assertThat(assigned(context, 3)).containsExactly(shard(3));
    }

    @Test
    void newShardsAreFoundPeriodicallyAndWhenAShardEnds() {
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator =
                enumerator(context, config("scan.startup.mode", "latest"));
        enumerator.start();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0));
        assertThat(assignedSplit(context, shard(0)).startingPosition())
                .isEqualTo(StartingPosition.latestAt(STARTUP));

        // A split, found by the periodic listing: the children wait for their parent.
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0));

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1), shard(2));
        assertThat(assignedSplit(context, shard(1)).startingPosition())
                .isEqualTo(StartingPosition.earliest());
        context.getExecutorService().triggerAll();

        // A merge, found by the listing that the end of shard 1 starts.
        addShardCovering(3, 0, 3, shard(1), shard(2));
        int listings = proxy.listShardsFilters().size();
        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(1), shard(2))));
        context.getExecutorService().triggerAll();
        assertThat(proxy.listShardsFilters()).hasSize(listings + 1);
        assertThat(proxy.listShardsFilters().get(listings).type())
                .isEqualTo(ShardFilterType.AFTER_SHARD_ID);
        assertThat(proxy.listShardsFilters().get(listings).shardId()).isEqualTo(shard(2));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1), shard(2), shard(3));
    }

    @Test
    void finishedShardsAreNotFoundAgainWhenTheServerIgnoresTheFilter() {
        proxy.ignoreAfterShardIdFilter();
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 3, shard(0));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(1))));
        context.triggerAllActions();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1));
    }

    @Test
    void startPositionsFollowTheStartupMode() {
        addQuarterShard(0, 0);
        addQuarterShard(1, 1);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "sequence_number",
                                "scan.startup.sequence_number",
                                shard(1) + ":4962;" + shard(7) + ":5000"))
                .start();
        context.triggerAllActions();
        assertThat(assignedSplit(context, shard(0)).startingPosition())
                .isEqualTo(StartingPosition.earliest());
        assertThat(assignedSplit(context, shard(1)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("4962"));

        addQuarterShard(7, 2);
        addQuarterShard(8, 3);
        context.triggerAllActions();
        assertThat(assignedSplit(context, shard(7)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("5000"));
        assertThat(assignedSplit(context, shard(8)).startingPosition())
                .isEqualTo(StartingPosition.earliest());
    }

    @Test
    void ancestorsOfShardsWithAStartPositionCountAsFinished() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        addShardCovering(3, 0, 0, shard(1));
        addShardCovering(4, 1, 1, shard(1));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "sequence_number",
                                "scan.startup.sequence_number",
                                shard(3) + ":31;" + shard(2) + ":21"))
                .start();
        context.triggerAllActions();
        // 0 and 1 are ancestors of listed shards; 4 (a sibling, not listed) is read whole.
        assertThat(assigned(context, 0)).containsExactlyInAnyOrder(shard(2), shard(3), shard(4));
        assertThat(assignedSplit(context, shard(3)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("31"));
        assertThat(assignedSplit(context, shard(2)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("21"));
        assertThat(assignedSplit(context, shard(4)).startingPosition())
                .isEqualTo(StartingPosition.earliest());
    }

    @Test
    void aListedAncestorIsReadFromItsPositionBeforeItsChildren() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "sequence_number",
                                "scan.startup.sequence_number",
                                shard(0) + ":9;" + shard(1) + ":11"))
                .start();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0));
        assertThat(assignedSplit(context, shard(0)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("9"));
    }

    @Test
    void aStartPositionForAShardTheStreamDoesNotHaveFailsNamingIt() {
        addQuarterShard(0, 0);
        addQuarterShard(1, 1);
        addQuarterShard(5, 2);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "sequence_number",
                                "scan.startup.sequence_number",
                                shard(1) + ":11;" + shard(3) + ":31;shardId-1:1"))
                .start();
        assertThatThrownBy(context::triggerAllActions)
                .hasMessageContaining("'scan.startup.sequence_number'")
                .hasMessageContaining("stream 'orders'")
                .hasMessageContaining("[" + shard(3) + ", shardId-1]");
    }

    @Test
    void oneSequenceNumberAppliesToEveryShardListedAtStart() {
        addQuarterShard(0, 0);
        addQuarterShard(1, 1);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "sequence_number",
                                "scan.startup.sequence_number",
                                "4961"))
                .start();
        context.triggerAllActions();
        assertThat(assignedSplit(context, shard(1)).startingPosition())
                .isEqualTo(StartingPosition.afterStartupSequenceNumber("4961"));
    }

    @Test
    void timestampListsShardsOpenAtThatInstant() {
        addQuarterShard(0, 0);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(
                        context,
                        config(
                                "scan.startup.mode",
                                "timestamp",
                                "scan.startup.timestamp.millis",
                                "1600000000000"))
                .start();
        context.triggerAllActions();
        assertThat(assignedSplit(context, shard(0)).startingPosition())
                .isEqualTo(StartingPosition.atTimestamp(1_600_000_000_000L));
        assertThat(proxy.listShardsFilters().get(0).type())
                .isEqualTo(ShardFilterType.FROM_TIMESTAMP);
        assertThat(proxy.listShardsFilters().get(0).timestamp())
                .isEqualTo(Instant.ofEpochMilli(1_600_000_000_000L));
    }

    @Test
    void aRejectedShardFilterFallsBackToListingEveryShard() {
        addQuarterShard(0, 0);
        proxy.failNextListShards(
                () -> InvalidArgumentException.builder().message("bad filter").build());
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config("scan.startup.mode", "latest")).start();
        context.triggerAllActions();
        assertThat(assigned(context, 0)).containsExactly(shard(0));
        assertThat(proxy.listShardsFilters().get(1)).isNull();
    }

    @Test
    void boundedReadSignalsNoMoreSplitsOnlyWhenNothingIsPending() {
        addShardCovering(0, 0, 1);
        addShardCovering(1, 2, 3);
        addShardCovering(2, 2, 3, shard(1));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(3, 0, 1, 2);
        KinesisSourceEnumerator enumerator =
                enumerator(context, config("scan.bounded.mode", "latest"));
        enumerator.start();
        context.triggerAllActions();

        // Reader 0 owns shard 0; reader 2 owns shard 1 and its child 2; reader 1 owns nothing.
        assertThat(assigned(context, 0)).containsExactly(shard(0));
        assertThat(assigned(context, 2)).containsExactly(shard(1));
        assertThat(noMoreSplits(context, 0)).isTrue();
        assertThat(noMoreSplits(context, 1)).isTrue();
        assertThat(noMoreSplits(context, 2)).isFalse();
        assertThat(assignedSplit(context, shard(0)).stoppingArrivalMillis())
                .isEqualTo(NOW.toEpochMilli() + 1);

        enumerator.handleSourceEvent(2, new SplitsFinishedEvent(Set.of(shard(1))));
        assertThat(assigned(context, 2)).containsExactly(shard(1), shard(2));
        assertThat(noMoreSplits(context, 2)).isTrue();
        // No discovery in bounded mode.
        assertThat(context.getExecutorService().numQueuedRunnables()).isZero();
    }

    @Test
    void finishesAreAcknowledgedOnlyAfterACheckpointHoldsThem() {
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        enumerator.notifyCheckpointComplete(1);
        assertThat(context.getSentEvents()).isEmpty();

        enumerator.snapshotState(2);
        enumerator.notifyCheckpointComplete(2);
        assertThat(context.getSentEvents().get(0))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new FinishedSplitsAcknowledgedEvent(Set.of(shard(0))));

        // A finish reported again after a restore is acknowledged again.
        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        enumerator.snapshotState(3);
        enumerator.notifyCheckpointComplete(3);
        assertThat(context.getSentEvents().get(0)).hasSize(2);
    }

    @Test
    void aFailedReaderGetsItsSplitsAgainAndItsUnacknowledgedFinishesCountAsUnfinished() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        enumerator.snapshotState(1);

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1), shard(2));

        // The reader fails before a checkpoint holds the finish of shard 0: its restored state
        // holds shard 0 unfinished, and shards 1 and 2 come back.
        KinesisShardSplit child1 = assignedSplit(context, shard(1));
        KinesisShardSplit child2 = assignedSplit(context, shard(2));
        context.registeredReaders().remove(0);
        enumerator.addSplitsBack(List.of(child1, child2), 0);
        context.registerReader(0, "localhost");
        enumerator.addReader(0);
        assertThat(assigned(context, 0)).containsExactly(shard(0), shard(1), shard(2));

        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        assertThat(assigned(context, 0))
                .containsExactly(shard(0), shard(1), shard(2), shard(1), shard(2));
    }

    @Test
    void restoredStateResumesDiscoveryAndAssignment() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 1, shard(0));
        addShardCovering(2, 2, 3, shard(0));
        TestingSplitEnumeratorContext<KinesisShardSplit> first = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(first, config());
        enumerator.start();
        first.triggerAllActions();
        KinesisSourceEnumState state = enumerator.snapshotState(1);
        assertThat(state.lastSeenShardId()).isEqualTo(shard(2));
        assertThat(state.assignedSplits())
                .extracting(KinesisShardSplit::splitId)
                .containsExactly(shard(0));
        assertThat(state.unassignedSplits())
                .extracting(KinesisShardSplit::splitId)
                .containsExactly(shard(1), shard(2));

        TestingSplitEnumeratorContext<KinesisShardSplit> second = context(1, 0);
        KinesisSourceEnumerator restored = enumerator(second, config(), state);
        restored.start();
        restored.addReader(0);
        assertThat(assigned(second, 0)).isEmpty();
        restored.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        assertThat(assigned(second, 0)).containsExactly(shard(1), shard(2));
        int listingsBefore = proxy.listShardsFilters().size();
        second.triggerAllActions();
        assertThat(
                        proxy.listShardsFilters()
                                .subList(listingsBefore, proxy.listShardsFilters().size()))
                .allSatisfy(f -> assertThat(f.type()).isEqualTo(ShardFilterType.AFTER_SHARD_ID));
    }

    @Test
    void theStateNamesTheStreamItsPositionsBelongTo() {
        addShardCovering(0, 0, 3);
        proxy.setStreamCreated(Instant.ofEpochMilli(1_000));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        assertThat(enumerator.snapshotState(1).stream())
                .isEqualTo(new StreamIdentity(FakeStreamProxy.STREAM_ARN, 1_000L));
    }

    @Test
    void aRestoreIntoAStreamCreatedAgainIsRefused() {
        addShardCovering(0, 0, 3);
        proxy.setStreamCreated(Instant.ofEpochMilli(1_000));
        TestingSplitEnumeratorContext<KinesisShardSplit> first = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(first, config());
        enumerator.start();
        first.triggerAllActions();
        KinesisSourceEnumState state = enumerator.snapshotState(1);

        proxy.recreateStream(Instant.ofEpochMilli(5_000));
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> second = context(1, 0);
        enumerator(second, config(), state).start();
        assertThatThrownBy(second::triggerAllActions)
                .hasMessageContaining("Kinesis stream 'orders'")
                .hasMessageContaining("created again")
                .hasMessageContaining(Instant.ofEpochMilli(1_000).toString())
                .hasMessageContaining(Instant.ofEpochMilli(5_000).toString());
    }

    @Test
    void aRestoreOfAStateWithoutTheStreamAdoptsTheCurrentOne() {
        addShardCovering(0, 0, 3);
        proxy.setStreamCreated(Instant.ofEpochMilli(1_000));
        KinesisSourceEnumState old =
                new KinesisSourceEnumState(shard(0), List.of(), List.of(), null, null);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator restored = enumerator(context, config(), old);
        restored.start();
        context.triggerAllActions();
        assertThat(restored.snapshotState(1).stream())
                .isEqualTo(new StreamIdentity(FakeStreamProxy.STREAM_ARN, 1_000L));
    }

    @Test
    void aRestoreOfAStateWithoutTheStreamAdoptsItAtALaterListingWhenTheFirstDescribeFails() {
        addShardCovering(0, 0, 3);
        proxy.setStreamCreated(Instant.ofEpochMilli(1_000));
        // Throttled: the restore's check and the first periodic listing.
        for (int i = 0; i < 2; i++) {
            proxy.failNextDescribeStreamSummary(
                    () -> LimitExceededException.builder().message("Rate exceeded").build());
        }
        KinesisSourceEnumState old =
                new KinesisSourceEnumState(shard(0), List.of(), List.of(), null, null);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator restored = enumerator(context, config(), old);
        restored.start();
        context.triggerAllActions();
        assertThat(restored.snapshotState(1).stream()).as("%s", proxy.calls()).isNull();
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThat(restored.snapshotState(2).stream())
                .isEqualTo(new StreamIdentity(FakeStreamProxy.STREAM_ARN, 1_000L));
    }

    @Test
    void aStreamDeletedWhileReadFailsTheJobAtTheNextListing() {
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config()).start();
        context.triggerAllActions();
        ScheduledFuture<?> discovery =
                context.getExecutorService().getAllPeriodicScheduledTask().get(0);
        proxy.deleteStream();
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThat(discovery.isDone()).as("discovery failed").isTrue();
        assertThatThrownBy(discovery::get)
                .hasMessageContaining("Kinesis stream 'orders' no longer exists");
    }

    @Test
    void aStreamCreatedAgainWhileReadFailsTheJobAtTheNextListing() {
        addShardCovering(0, 0, 3);
        addShardCovering(1, 0, 3);
        proxy.setStreamCreated(Instant.ofEpochMilli(1_000));
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config()).start();
        context.triggerAllActions();
        ScheduledFuture<?> discovery =
                context.getExecutorService().getAllPeriodicScheduledTask().get(0);
        // The new stream's first shard is not newer than the last shard seen of the old one.
        proxy.recreateStream(Instant.ofEpochMilli(5_000));
        addShardCovering(0, 0, 3);
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThat(discovery.isDone()).as("discovery failed").isTrue();
        assertThatThrownBy(discovery::get)
                .hasMessageContaining("Kinesis stream 'orders'")
                .hasMessageContaining("created again");
    }

    @Test
    void aFailedFirstListingFailsTheJobNamingStreamAndRegion() {
        proxy.failNextListShards(
                () ->
                        ResourceNotFoundException.builder()
                                .message("Stream orders not found")
                                .build());
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config()).start();
        assertThatThrownBy(context::triggerAllActions)
                .hasMessageContaining(
                        "Could not list the shards of Kinesis stream 'orders' in region us-east-1")
                .hasMessageContaining("Stream orders not found");
    }

    @Test
    void periodicListingSurvivesFailuresUntilTheyPersist() {
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        enumerator(context, config()).start();
        context.triggerAllActions();
        ScheduledFuture<?> discovery =
                context.getExecutorService().getAllPeriodicScheduledTask().get(0);
        for (int i = 1; i < KinesisSourceEnumerator.MAX_CONSECUTIVE_DISCOVERY_FAILURES; i++) {
            proxy.failNextListShards(() -> SdkClientException.create("no network"));
            context.getExecutorService().triggerPeriodicScheduledTasks();
        }
        assertThat(discovery.isDone()).isFalse();
        proxy.failNextListShards(() -> SdkClientException.create("no network"));
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThatThrownBy(discovery::get).hasMessageContaining("failed 10 times in a row");
    }

    @Test
    void shardsFinishingDuringAListingThrottleNeitherFailTheJobNorListOnceEach() {
        int shards = KinesisSourceEnumerator.MAX_CONSECUTIVE_DISCOVERY_FAILURES;
        for (int i = 0; i < shards; i++) {
            proxy.addShard(shard(i), String.valueOf(i * 100), String.valueOf(i * 100 + 99));
        }
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        ScheduledFuture<?> discovery =
                context.getExecutorService().getAllPeriodicScheduledTask().get(0);

        // Every shard is split, and ListShards is throttled while the readers report the ends.
        for (int i = 0; i < shards; i++) {
            proxy.addShard(
                    shard(shards + i),
                    String.valueOf(i * 100),
                    String.valueOf(i * 100 + 99),
                    shard(i));
        }
        for (int i = 0; i < shards; i++) {
            proxy.failNextListShards(
                    () -> LimitExceededException.builder().message("Rate exceeded").build());
        }
        int listings = proxy.listShardsFilters().size();
        for (int i = 0; i < shards; i++) {
            enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(i))));
            context.getExecutorService().triggerAll();
        }
        assertThat(proxy.listShardsFilters()).hasSize(listings + 1);

        // The periodic listing still has its whole budget, and finds the children.
        for (int i = 1; i < shards; i++) {
            context.getExecutorService().triggerPeriodicScheduledTasks();
        }
        assertThat(discovery.isDone()).isFalse();
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThat(discovery.isDone()).isFalse();
        assertThat(assigned(context, 0)).hasSize(2 * shards);
    }

    @Test
    void finishesWhileAListingIsPendingAddAtMostOneMoreListing() {
        addShardCovering(0, 0, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(1, 0);
        KinesisSourceEnumerator enumerator = enumerator(context, config());
        enumerator.start();
        context.triggerAllActions();
        int listings = proxy.listShardsFilters().size();

        for (int i = 0; i < 10; i++) {
            enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of(shard(0))));
        }
        context.getExecutorService().triggerAll();
        assertThat(proxy.listShardsFilters()).hasSize(listings + 1);
    }

    @Test
    void closeReleasesTheClient() {
        enumerator(context(1), config()).close();
        assertThat(proxy.isClosed()).isTrue();
    }
}
