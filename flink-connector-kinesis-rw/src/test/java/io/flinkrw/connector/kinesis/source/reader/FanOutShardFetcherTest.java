package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.config.FanOutSettings;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.enumerator.FanOutConsumerEvent;
import io.flinkrw.connector.kinesis.source.proxy.FakeFanOutStreamProxy;
import io.flinkrw.connector.kinesis.source.proxy.FakeFanOutStreamProxy.FakeSubscription;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.flinkrw.connector.kinesis.source.proxy.FakeFanOutStreamProxy.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanOutShardFetcherTest {

    private static final String SHARD = "shardId-000000000000";
    private static final String CONSUMER = "flink";
    private static final long IDLE_MILLIS = 1_000;
    private static final long RENEWAL_MILLIS = 10_000;
    private static final long FIRST_BACKOFF_MILLIS = 200;

    private final FakeStreamProxy proxy =
            new FakeStreamProxy().addShard(SHARD, "0", "100").addActiveConsumer(CONSUMER);
    private final String consumerArn = proxy.consumerArnOf(CONSUMER);
    private final FakeFanOutStreamProxy fanOut = new FakeFanOutStreamProxy();
    private final FanOutState state = new FanOutState();
    private final ManualFetchTimer timer = new ManualFetchTimer();
    private final FanOutShardFetcher fetcher =
            new FanOutShardFetcher(
                    fanOut,
                    proxy,
                    "orders",
                    new FanOutSettings(
                            CONSUMER,
                            Duration.ofMillis(IDLE_MILLIS),
                            Duration.ofMillis(RENEWAL_MILLIS),
                            Duration.ofMillis(FIRST_BACKOFF_MILLIS),
                            Duration.ofSeconds(2)),
                    state,
                    timer,
                    () -> 0.5);

    @AfterEach
    void close() {
        fetcher.close();
    }

    private static KinesisShardSplit split(StartingPosition position) {
        return new KinesisShardSplit(
                SHARD, List.of(), "0", "100", position, KinesisShardSplit.NO_STOP, false);
    }

    private void consumerActive(String... closedShards) {
        state.update(new FanOutConsumerEvent(consumerArn, Set.of(closedShards)));
    }

    /**
     * One turn of the fetcher at the current time: it handles what arrived and does what is due,
     * then returns a batch, or null where it would wait.
     */
    private ShardBatch step() throws IOException {
        timer.wakeUp();
        return fetcher.next();
    }

    private static List<String> payloads(ShardBatch batch) {
        return batch.records().stream()
                .map(KinesisRecord::data)
                .map(data -> new String(data, StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    /** Subscribes the shard from the earliest record and opens the subscription. */
    private FakeSubscription subscribed() throws IOException {
        consumerActive();
        fetcher.addShard(split(StartingPosition.earliest()));
        assertThat(step()).isNull();
        FakeSubscription subscription = fanOut.last().open();
        assertThat(step()).isNull();
        return subscription;
    }

    private static void assertAfter(FakeSubscription subscription, String sequenceNumber) {
        assertThat(subscription.position.type()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
        assertThat(subscription.position.sequenceNumber()).isEqualTo(sequenceNumber);
    }

    @Test
    void subscribesOnceTheEnumeratorNamesTheConsumerAndAsksForEventsAhead() throws IOException {
        fetcher.addShard(split(StartingPosition.earliest()));
        assertThat(step()).isNull();
        assertThat(fanOut.subscriptions()).isEmpty();

        consumerActive();
        assertThat(step()).isNull();
        FakeSubscription subscription = fanOut.last();
        assertThat(subscription.consumerArn).isEqualTo(consumerArn);
        assertThat(subscription.shardId).isEqualTo(SHARD);
        assertThat(subscription.position.type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);

        subscription.open();
        assertThat(step()).isNull();
        assertThat(subscription.requested()).isEqualTo(FanOutSettings.PREFETCH_EVENTS);

        subscription.event("2", 1_500, record("1", "a"), record("2", "b"));
        ShardBatch batch = step();
        assertThat(payloads(batch)).containsExactly("a", "b");
        assertThat(batch.millisBehindLatest()).isEqualTo(1_500);
        assertThat(batch.shardEnded()).isFalse();
        // One more event asked for the one taken: the demand stays at the prefetch.
        assertThat(subscription.requested()).isEqualTo(FanOutSettings.PREFETCH_EVENTS);

        // An empty event is a batch too: it carries the lag, and the bounded stop needs it.
        subscription.event("2", 0);
        assertThat(step().records()).isEmpty();
    }

    @Test
    void eachStartingPositionBecomesTheSubscriptionsStart() throws IOException {
        consumerActive();
        List<StartingPosition> positions =
                List.of(
                        StartingPosition.latestAt(Instant.ofEpochMilli(5_000)),
                        StartingPosition.atTimestamp(6_000),
                        StartingPosition.afterStartupSequenceNumber("7"),
                        StartingPosition.afterEmitted("8"),
                        StartingPosition.afterEmittedUserRecord("9", 3));
        for (StartingPosition position : positions) {
            fetcher.addShard(split(position));
            assertThat(step()).isNull();
            fetcher.removeShard(SHARD);
        }
        assertThat(fanOut.subscriptions())
                .extracting(s -> s.position.type() + "/" + s.position.sequenceNumber())
                .containsExactly(
                        "AT_TIMESTAMP/null",
                        "AT_TIMESTAMP/null",
                        "AFTER_SEQUENCE_NUMBER/7",
                        "AFTER_SEQUENCE_NUMBER/8",
                        "AT_SEQUENCE_NUMBER/9");
        assertThat(fanOut.subscriptions().get(0).position.timestamp())
                .isEqualTo(Instant.ofEpochMilli(5_000));
    }

    @Test
    void aBrokenSubscriptionIsReplacedAfterABackoffAfterTheLastRecordReturned() throws IOException {
        FakeSubscription first = subscribed();
        first.event("2", 0, record("1", "a"), record("2", "b"));
        assertThat(payloads(step())).containsExactly("a", "b");

        first.fail(SdkClientException.create("Connection reset"));
        assertThat(step()).isNull();
        assertThat(fanOut.subscriptions()).hasSize(1);
        // Backoff: the first backoff, half of it random (0.5 here).
        timer.advanceMillis(FIRST_BACKOFF_MILLIS * 3 / 4 - 1);
        assertThat(step()).isNull();
        assertThat(fanOut.subscriptions()).hasSize(1);
        timer.advanceMillis(1);
        assertThat(step()).isNull();
        FakeSubscription second = fanOut.last();
        assertAfter(second, "2");

        // The continuation of an event without records counts as read too.
        second.open();
        step();
        second.event("3", 0);
        step();
        second.fail(SdkClientException.create("Connection reset"));
        step();
        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        assertAfter(fanOut.last(), "3");
    }

    @Test
    void eventsOfAReplacedSubscriptionAreIgnoredAndALateOneIsCancelled() throws IOException {
        FakeSubscription first = subscribed();
        first.event("1", 0, record("1", "a"));
        step();
        // The idle watchdog gives up on it, and a new one is made.
        timer.advanceMillis(IDLE_MILLIS);
        assertThat(step()).isNull();
        assertThat(first.isCancelled()).isTrue();
        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        FakeSubscription second = fanOut.last();
        assertAfter(second, "1");
        // The old one still delivers: nothing of it is returned.
        first.event("2", 0, record("2", "stale"));
        first.open();
        assertThat(step()).isNull();
        second.open();
        step();
        second.event("2", 0, record("2", "b"));
        assertThat(payloads(step())).containsExactly("b");
    }

    @Test
    void theWatchdogReplacesASilentSubscriptionButNotOneThatWasAskedForNothing()
            throws IOException {
        FakeSubscription first = subscribed();
        timer.advanceMillis(IDLE_MILLIS - 1);
        assertThat(step()).isNull();
        assertThat(first.isCancelled()).isFalse();
        timer.advanceMillis(1);
        assertThat(step()).isNull();
        assertThat(first.isCancelled()).isTrue();

        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        FakeSubscription second = fanOut.last().open();
        step();
        // Paused (watermark alignment): it owes nothing while the reader wants nothing.
        fetcher.pauseOrResume(List.of(SHARD), List.of());
        second.event("1", 0, record("1", "a"));
        step();
        second.event("2", 0, record("2", "b"));
        step();
        assertThat(second.requested()).isZero();
        timer.advanceMillis(5 * IDLE_MILLIS);
        assertThat(step()).isNull();
        assertThat(second.isCancelled()).isFalse();

        fetcher.pauseOrResume(List.of(), List.of(SHARD));
        assertThat(second.requested()).isEqualTo(FanOutSettings.PREFETCH_EVENTS);
        timer.advanceMillis(IDLE_MILLIS);
        step();
        assertThat(second.isCancelled()).isTrue();
    }

    @Test
    void eventsThatWaitedForABusyReaderDoNotMakeTheSubscriptionLookIdle() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.event("1", 0, record("1", "a"));
        subscription.event("2", 0, record("2", "b"));
        // Flink's backpressure holds the reader up far longer than the idle timeout.
        timer.advanceMillis(5 * IDLE_MILLIS);
        assertThat(payloads(step())).containsExactly("a");
        assertThat(payloads(step())).containsExactly("b");
        assertThat(step()).isNull();
        assertThat(subscription.isCancelled()).isFalse();
        assertThat(subscription.requested()).isEqualTo(FanOutSettings.PREFETCH_EVENTS);
        // It owes events again from now on.
        timer.advanceMillis(IDLE_MILLIS);
        step();
        assertThat(subscription.isCancelled()).isTrue();
    }

    @Test
    void aSubscriptionIsRenewedBeforeKinesisEndsIt() throws IOException {
        FakeSubscription first = subscribed();
        first.event("5", 0, record("5", "a"));
        step();
        for (long waited = 0; waited < RENEWAL_MILLIS; waited += IDLE_MILLIS / 2) {
            first.event("5", 0);
            step();
            timer.advanceMillis(IDLE_MILLIS / 2);
        }
        assertThat(step()).isNull();
        assertThat(first.isCancelled()).isTrue();
        FakeSubscription second = fanOut.last();
        assertThat(second).isNotSameAs(first);
        assertAfter(second, "5");
    }

    @Test
    void aSubscriptionTheServerEndsIsRenewedAtOnce() throws IOException {
        FakeSubscription first = subscribed();
        first.event("5", 0, record("5", "a"));
        step();
        first.complete();
        assertThat(step()).isNull();
        assertAfter(fanOut.last(), "5");
        assertThat(fanOut.subscriptions()).hasSize(2);
    }

    @Test
    void aShardEndsWithTheServersFinalEvent() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.finalEvent(
                List.of("shardId-000000000001", "shardId-000000000002"), record("7", "last"));
        ShardBatch batch = step();
        assertThat(payloads(batch)).containsExactly("last");
        assertThat(batch.shardEnded()).isTrue();
        assertThat(subscription.isCancelled()).isTrue();
        timer.advanceMillis(RENEWAL_MILLIS * 2);
        assertThat(step()).isNull();
        assertThat(fanOut.subscriptions()).hasSize(1);
    }

    @Test
    void aClosedShardEndsOnceGetRecordsFindsNothingAfterTheLastRecordReturned() throws IOException {
        proxy.put(SHARD, "a", "b", "c").close(SHARD);
        FakeSubscription subscription = subscribed();
        subscription.event("2", 0, record("1", "a"), record("2", "b"));
        step();
        consumerActive(SHARD);
        // Caught up as far as the subscription knows, but GetRecords still finds "c".
        subscription.event("2", 0);
        ShardBatch batch = step();
        assertThat(batch.shardEnded()).isFalse();
        subscription.event("3", 0, record("3", "c"));
        assertThat(payloads(step())).containsExactly("c");
        // Within a second of the last check: no new check.
        subscription.event("3", 0);
        assertThat(step().shardEnded()).isFalse();
        timer.advanceMillis(1_000);
        subscription.event("3", 0);
        batch = step();
        assertThat(batch.shardEnded()).isTrue();
        assertThat(batch.records()).isEmpty();
        assertThat(subscription.isCancelled()).isTrue();
    }

    @Test
    void anOpenShardIsNeverCheckedForItsEnd() throws IOException {
        proxy.put(SHARD, "a");
        FakeSubscription subscription = subscribed();
        subscription.event("1", 0, record("1", "a"));
        step();
        for (int i = 0; i < 3; i++) {
            timer.advanceMillis(500);
            subscription.event("1", 0);
            assertThat(step().shardEnded()).isFalse();
        }
        assertThat(proxy.calls()).noneMatch(call -> call.startsWith("getRecords"));
    }

    @Test
    void waitsAndTriesAgainWhileAnotherSubscriptionIsOpenWithoutGivingUp() throws IOException {
        FakeSubscription subscription = subscribed();
        for (int i = 0; i < FanOutShardFetcher.MAX_CONSECUTIVE_ERRORS + 5; i++) {
            subscription.fail(
                    ResourceInUseException.builder()
                            .message("Another active subscription")
                            .build());
            assertThat(step()).isNull();
            timer.advanceMillis(2_000);
            step();
            subscription = fanOut.last().open();
            step();
        }
        subscription.event("1", 0, record("1", "a"));
        assertThat(payloads(step())).containsExactly("a");
    }

    @Test
    void failsAfterTooManyNetworkErrorsInARow() throws IOException {
        FakeSubscription subscription = subscribed();
        for (int i = 1; i < FanOutShardFetcher.MAX_CONSECUTIVE_ERRORS; i++) {
            subscription.fail(SdkClientException.create("Connection refused"));
            assertThat(step()).isNull();
            timer.advanceMillis(2_000);
            step();
            subscription = fanOut.last();
        }
        FakeSubscription lastOne = subscription;
        assertThatThrownBy(
                        () -> {
                            lastOne.fail(SdkClientException.create("Connection refused"));
                            step();
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed 10 times in a row")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void anErrorThatRetryingCannotFixFailsAtOnce() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.fail(AccessDeniedException.builder().message("not allowed").build());
        assertThatThrownBy(this::step)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(SHARD)
                .hasMessageContaining("not allowed");
    }

    @Test
    void serverErrorsAreRetried() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.fail(KinesisException.builder().statusCode(500).message("oops").build());
        assertThat(step()).isNull();
        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        assertThat(fanOut.subscriptions()).hasSize(2);
    }

    @Test
    void aShardThatNoLongerExistsEnds() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.fail(ResourceNotFoundException.builder().message("Shard not found").build());
        ShardBatch batch = step();
        assertThat(batch.shardEnded()).isTrue();
        assertThat(batch.shardId()).isEqualTo(SHARD);
    }

    @Test
    void aShardNotYetVisibleToSubscribeInAYoungStreamThatWasNeverRecreatedIsSubscribedAgain()
            throws IOException {
        // The same stream all along, created an hour ago, its consumer active: a child shard a
        // reshard just created is not seen by SubscribeToShard yet (eventual consistency). Nothing
        // was deleted, so neither "created again" nor "the shard ended" is true.
        proxy.setStreamCreated(Instant.now().minus(Duration.ofHours(1)));
        FakeSubscription subscription = subscribed();
        subscription.fail(ResourceNotFoundException.builder().message("Shard not found").build());
        ShardBatch batch = step();
        assertThat(batch == null || !batch.shardEnded()).as("the shard did not end").isTrue();
    }

    @Test
    void aDeletedStreamFailsTheReadNamingTheStream() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.event("4", 0, record("4", "a"));
        step();
        // Deleting a stream deletes its consumers: the consumer is not active any more.
        proxy.deleteConsumer(CONSUMER, 0);
        proxy.deleteStream();
        subscription.fail(
                ResourceNotFoundException.builder().message("Stream orders not found").build());
        assertThatThrownBy(this::step)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Kinesis stream 'orders' no longer exists")
                .hasMessageContaining(SHARD);
    }

    @Test
    void aConsumerThatIsGoneIsWaitedForUntilTheEnumeratorNamesANewOne() throws IOException {
        FakeSubscription subscription = subscribed();
        subscription.event("4", 0, record("4", "a"));
        step();
        proxy.deleteConsumer(CONSUMER, 0);
        subscription.fail(
                ResourceNotFoundException.builder().message("ConsumerARN not found").build());
        assertThat(step()).isNull();
        // It keeps trying the ARN it has (the enumerator may not have noticed yet) ...
        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        assertThat(fanOut.last().consumerArn).isEqualTo(consumerArn);
        // ... and uses the new one as soon as it comes.
        proxy.addActiveConsumer(CONSUMER);
        String newArn = proxy.consumerArnOf(CONSUMER);
        fanOut.last()
                .fail(ResourceNotFoundException.builder().message("ConsumerARN not found").build());
        step();
        state.update(new FanOutConsumerEvent(newArn, Set.of()));
        timer.advanceMillis(2_000);
        step();
        assertThat(fanOut.last().consumerArn).isEqualTo(newArn);
        assertAfter(fanOut.last(), "4");
    }

    @Test
    void aStartupSequenceNumberTheShardRejectsFailsWithAClearMessage() throws IOException {
        consumerActive();
        fetcher.addShard(split(StartingPosition.afterStartupSequenceNumber("4961")));
        step();
        fanOut.last()
                .fail(
                        InvalidArgumentException.builder()
                                .message("Invalid sequence number")
                                .build());
        assertThatThrownBy(this::step)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rejected the startup sequence number 4961")
                .hasMessageContaining("scan.startup.sequence_number");
    }

    @Test
    void aLatestInstantInTheFutureFallsBackToTheTip() throws IOException {
        consumerActive();
        fetcher.addShard(split(StartingPosition.latestAt(Instant.ofEpochMilli(9_000))));
        step();
        fanOut.last()
                .fail(
                        InvalidArgumentException.builder()
                                .message("Timestamp cannot be in the future")
                                .build());
        step();
        assertThat(fanOut.last().position.type()).isEqualTo(ShardIteratorType.LATEST);
    }

    @Test
    void aRenewalBeforeTheFirstEventAfterTheLatestFallbackStartsAtThePinnedInstant()
            throws IOException {
        consumerActive();
        fetcher.addShard(split(StartingPosition.latestAt(Instant.ofEpochMilli(9_000))));
        step();
        fanOut.last()
                .fail(
                        InvalidArgumentException.builder()
                                .message("Timestamp cannot be in the future")
                                .build());
        step();
        assertThat(fanOut.last().position.type()).isEqualTo(ShardIteratorType.LATEST);

        // The tip's subscription fails before its first event: the pinned instant again.
        fanOut.last().open();
        step();
        fanOut.last().fail(KinesisException.builder().statusCode(500).message("oops").build());
        step();
        timer.advanceMillis(FIRST_BACKOFF_MILLIS);
        step();
        assertThat(fanOut.subscriptions()).hasSize(3);
        assertThat(fanOut.last().position.type()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(fanOut.last().position.timestamp()).isEqualTo(Instant.ofEpochMilli(9_000));
    }

    @Test
    void closingCancelsTheSubscriptionsAndReleasesTheClients() throws IOException {
        FakeSubscription subscription = subscribed();
        fetcher.close();
        assertThat(subscription.isCancelled()).isTrue();
        assertThat(fanOut.isClosed()).isTrue();
        assertThat(proxy.isClosed()).isTrue();
    }

    /**
     * With the real timer: the fetcher sleeps until an event arrives from another thread (as from
     * the HTTP client), and then returns it at once, long before any timeout.
     */
    @Test
    void anEventFromTheNetworkWakesTheWaitingFetcher() throws Exception {
        FanOutShardFetcher realTime =
                new FanOutShardFetcher(
                        fanOut,
                        proxy,
                        "orders",
                        new FanOutSettings(
                                CONSUMER,
                                Duration.ofHours(1),
                                Duration.ofHours(2),
                                Duration.ofMillis(FIRST_BACKOFF_MILLIS),
                                Duration.ofSeconds(2)),
                        state,
                        new FetchTimer(),
                        () -> 0.5);
        try {
            consumerActive();
            realTime.addShard(split(StartingPosition.earliest()));
            CompletableFuture<ShardBatch> next =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return realTime.next();
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            while (fanOut.subscriptions().isEmpty()) {
                Thread.onSpinWait();
            }
            FakeSubscription subscription = fanOut.last();
            CompletableFuture.runAsync(subscription::open).get();
            while (subscription.requested() == 0) {
                Thread.onSpinWait();
            }
            CompletableFuture.runAsync(() -> subscription.event("1", 0, record("1", "a"))).get();
            assertThat(payloads(next.get())).containsExactly("a");
        } finally {
            realTime.close();
        }
    }
}
