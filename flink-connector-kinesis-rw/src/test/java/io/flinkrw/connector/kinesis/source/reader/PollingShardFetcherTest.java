package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.config.PollingSettings;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollingShardFetcherTest {

    private static final String SHARD_0 = "shardId-000000000000";
    private static final String SHARD_1 = "shardId-000000000001";

    private final FakeStreamProxy proxy =
            new FakeStreamProxy().addShard(SHARD_0, "0", "100").addShard(SHARD_1, "101", "200");
    private final ManualFetchTimer timer = new ManualFetchTimer();

    private PollingShardFetcher fetcher(PollingSettings settings) {
        return new PollingShardFetcher(proxy, "stream", settings, timer, () -> 0.5);
    }

    private static PollingSettings settings(int maxRecords, long emptyMs, long nonEmptyMs) {
        return new PollingSettings(
                maxRecords,
                Duration.ofMillis(emptyMs),
                Duration.ofMillis(nonEmptyMs),
                Duration.ofMillis(1000),
                Duration.ofMillis(20_000));
    }

    private static KinesisShardSplit split(String shardId, StartingPosition position) {
        return new KinesisShardSplit(
                shardId, List.of(), "0", "100", position, KinesisShardSplit.NO_STOP, false);
    }

    private static List<String> payloads(ShardBatch batch) {
        return batch.records().stream().map(r -> new String(r.data())).collect(Collectors.toList());
    }

    @Test
    void roundRobinsTheShardsInOrder() throws IOException {
        proxy.put(SHARD_0, "a1", "a2", "a3").put(SHARD_1, "b1", "b2");
        PollingShardFetcher fetcher = fetcher(settings(2, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        fetcher.addShard(split(SHARD_1, StartingPosition.earliest()));

        List<String> read = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ShardBatch batch = fetcher.next();
            read.add(batch.shardId() + ":" + payloads(batch));
        }
        assertThat(read)
                .containsExactly(
                        SHARD_0 + ":[a1, a2]",
                        SHARD_1 + ":[b1, b2]",
                        SHARD_0 + ":[a3]",
                        SHARD_1 + ":[]");
    }

    @Test
    void waitsAfterReadsWithinKinesisLimits() throws IOException {
        proxy.put(SHARD_0, "a1", "a2");
        PollingShardFetcher fetcher = fetcher(settings(1, 500, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));

        fetcher.next(); // a1 at t0
        fetcher.next(); // a2: not before 200 ms (5 calls per second per shard)
        fetcher.next(); // empty
        fetcher.next(); // empty again, 500 ms later
        assertThat(timer.waitsMillis()).containsExactly(200L, 200L, 500L);

        PollingShardFetcher slow = fetcher(settings(1, 500, 700));
        proxy.put(SHARD_1, "b1", "b2");
        slow.addShard(split(SHARD_1, StartingPosition.earliest()));
        long start = timer.nanoTime();
        slow.next();
        slow.next();
        assertThat(timer.elapsedMillisSince(start)).isEqualTo(700L);
    }

    @Test
    void keepsUnderTwoMegabytesPerSecond() throws IOException {
        String oneMegabyte = "x".repeat(1024 * 1024);
        proxy.put(SHARD_0, oneMegabyte, "small");
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));

        fetcher.next();
        fetcher.next();
        assertThat(timer.waitsMillis()).containsExactly(500L);
    }

    @Test
    void throttlingBacksOffWithJitterAndKeepsTheIterator() throws IOException {
        proxy.put(SHARD_0, "a1", "a2");
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.failNextGetRecords(
                () -> ProvisionedThroughputExceededException.builder().message("slow").build());
        proxy.failNextGetRecords(() -> LimitExceededException.builder().message("limit").build());
        proxy.failNextGetRecords(
                () -> ProvisionedThroughputExceededException.builder().message("slow").build());
        assertThat(payloads(fetcher.next())).containsExactly("a2");

        // 200 ms floor, then exponential 200, 400, 800 ms of which half is random (0.5 here).
        assertThat(timer.waitsMillis()).containsExactly(200L, 150L, 300L, 600L);
        List<String> getRecords =
                proxy.calls().stream()
                        .filter(c -> c.startsWith("getRecords"))
                        .collect(Collectors.toList());
        assertThat(getRecords)
                .containsExactly(
                        "getRecords " + SHARD_0 + "/0",
                        "getRecords " + SHARD_0 + "/1",
                        "getRecords " + SHARD_0 + "/1",
                        "getRecords " + SHARD_0 + "/1",
                        "getRecords " + SHARD_0 + "/1");
        assertThat(proxy.calls().stream().filter(c -> c.startsWith("getShardIterator"))).hasSize(1);
    }

    @Test
    void backoffGrowsToTheMaximum() {
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        assertThat(fetcher.backoff(1)).isEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(fetcher.backoff(2)).isEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(fetcher.backoff(100)).isEqualTo(Duration.ofMillis(15_000).toNanos());
    }

    @Test
    void expiredIteratorResumesAfterTheLastReturnedRecord() throws IOException {
        proxy.put(SHARD_0, "a1", "a2", "a3");
        PollingShardFetcher fetcher = fetcher(settings(2, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1", "a2");

        proxy.failNextGetRecords(() -> ExpiredIteratorException.builder().message("old").build());
        assertThat(payloads(fetcher.next())).containsExactly("a3");
        assertThat(proxy.calls())
                .contains("getShardIterator " + SHARD_0 + " AFTER_SEQUENCE_NUMBER 2");
    }

    @Test
    void invalidIteratorIsRenewedAfterTheConfiguredWait() throws IOException {
        proxy.put(SHARD_0, "a1", "a2");
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        // kinesis-local: HTTP 500 without an error code; kinesalite: InvalidArgumentException.
        proxy.failNextGetRecords(() -> KinesisException.builder().statusCode(500).build());
        proxy.failNextGetRecords(
                () -> InvalidArgumentException.builder().message("Invalid ShardIterator.").build());
        assertThat(payloads(fetcher.next())).containsExactly("a2");
        assertThat(timer.waitsMillis()).containsExactly(200L, 1000L, 1000L);
        assertThat(proxy.calls().stream().filter(c -> c.contains("AFTER_SEQUENCE_NUMBER 1")))
                .hasSize(2);
    }

    @Test
    void networkErrorsRetryAndThenFailTheJob() throws IOException {
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        proxy.failNextGetRecords(() -> SdkClientException.create("connection reset"));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        for (int i = 0; i < PollingShardFetcher.MAX_CONSECUTIVE_ERRORS; i++) {
            proxy.failNextGetRecords(() -> SdkClientException.create("connection refused"));
        }
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Shard " + SHARD_0 + " of stream 'stream' failed 10 times")
                .hasMessageContaining("connection refused");
    }

    @Test
    void otherErrorsFailTheJobNamingTheShard() {
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(1, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        proxy.failNextGetRecords(
                () ->
                        KinesisException.builder()
                                .statusCode(400)
                                .message("User is not authorized")
                                .build());
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Could not read shard " + SHARD_0 + " of stream 'stream'")
                .hasMessageContaining("not authorized");
    }

    @Test
    void closedShardEndsAfterItsLastRecord() throws IOException {
        proxy.put(SHARD_0, "a1").close(SHARD_0);
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        ShardBatch batch = fetcher.next();
        assertThat(payloads(batch)).containsExactly("a1");
        assertThat(batch.shardEnded()).isTrue();
    }

    @Test
    void vanishedShardEnds() throws IOException {
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        proxy.failNextGetShardIterator(
                () -> ResourceNotFoundException.builder().message("gone").build());
        assertThat(fetcher.next().shardEnded()).isTrue();
    }

    @Test
    void aDeletedStreamFailsTheReadNamingTheStream() throws IOException {
        proxy.put(SHARD_0, "a1").put(SHARD_1, "b1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.deleteStream();
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Kinesis stream 'stream' no longer exists")
                .hasMessageContaining(SHARD_0);

        PollingShardFetcher another = fetcher(settings(10, 200, 0));
        another.addShard(split(SHARD_1, StartingPosition.earliest()));
        assertThatThrownBy(another::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Kinesis stream 'stream' no longer exists");
    }

    @Test
    void aStreamCreatedAgainUnderTheSameNameFailsTheRead() throws IOException {
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.recreateStream(Instant.now().plusSeconds(60));
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Kinesis stream 'stream' was deleted and created again");
    }

    @Test
    void aStreamNotActiveBecauseItIsBeingDeletedFailsTheReadNamingTheStream() throws IOException {
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        // kinesis-local's answer while a stream is being deleted or created.
        proxy.failNextGetRecords(
                () ->
                        ResourceInUseException.builder()
                                .message("Stream is not currently ACTIVE or UPDATING.")
                                .build());
        proxy.deleteStream();
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Kinesis stream 'stream' no longer exists")
                .hasMessageContaining(SHARD_0);
    }

    @Test
    void aStreamNotActiveForAMomentIsReadAgain() throws IOException {
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.failNextGetRecords(
                () ->
                        ResourceInUseException.builder()
                                .message("Stream is not currently ACTIVE or UPDATING.")
                                .build());
        proxy.put(SHARD_0, "a2");
        assertThat(payloads(fetcher.next())).containsExactly("a2");
    }

    @Test
    void aShardNotFoundInAStreamOlderThanADayExpiredAndEnds() throws IOException {
        proxy.setStreamCreated(Instant.now().minus(Duration.ofDays(2)));
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.removeShard(SHARD_0);
        assertThat(fetcher.next().shardEnded()).isTrue();
    }

    @Test
    void aListedShardNotYetVisibleInAYoungStreamThatWasNeverRecreatedIsReadOnceVisible()
            throws IOException {
        // The same stream all along, created an hour before the reader started. A child shard a
        // reshard just created is listed but GetShardIterator does not see it yet (Kinesis is
        // eventually consistent): nothing was deleted, so the job must not fail as "created again".
        proxy.setStreamCreated(Instant.now().minus(Duration.ofHours(1)));
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        proxy.failNextGetShardIterator(
                () -> ResourceNotFoundException.builder().message("Shard not found").build());

        assertThat(payloads(fetcher.next())).containsExactly("a1");
    }

    @Test
    void anExpiredShardWhoseStreamCannotBeDescribedForThrottlingEndsOnceItIsDescribed()
            throws IOException {
        // DescribeStreamSummary allows 20 calls a second per account, shared by every reader and
        // job: its throttling is throttling, not a failure of the shard (docs: "throttling aside").
        proxy.setStreamCreated(Instant.now().minus(Duration.ofDays(2)));
        proxy.put(SHARD_0, "a1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        assertThat(payloads(fetcher.next())).containsExactly("a1");

        proxy.removeShard(SHARD_0);
        for (int i = 0; i < PollingShardFetcher.MAX_CONSECUTIVE_ERRORS; i++) {
            proxy.failNextDescribeStreamSummary(
                    () -> LimitExceededException.builder().message("Rate exceeded").build());
        }
        ShardBatch batch = fetcher.next();
        for (int i = 0;
                i < 2 * PollingShardFetcher.MAX_CONSECUTIVE_ERRORS && !batch.shardEnded();
                i++) {
            batch = fetcher.next();
        }
        assertThat(batch.shardEnded()).isTrue();
    }

    @Test
    void startupSequenceNumberThatAShardRejectsFailsNamingTheShard() {
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_1, StartingPosition.afterStartupSequenceNumber("99")));
        assertThatThrownBy(fetcher::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "Shard "
                                + SHARD_1
                                + " of stream 'stream' rejected the startup sequence number 99")
                .hasMessageContaining("'scan.startup.sequence_number'")
                .hasMessageContaining(SHARD_1 + ":<sequence number>;");
    }

    @Test
    void latestStartsAtThePinnedInstantAndFallsBackWhenItIsRejected() throws IOException {
        proxy.putAt(SHARD_0, "old", 1_000).putAt(SHARD_0, "new", 3_000);
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.latestAt(Instant.ofEpochMilli(2_000))));
        assertThat(payloads(fetcher.next())).containsExactly("new");
        assertThat(proxy.calls()).contains("getShardIterator " + SHARD_0 + " AT_TIMESTAMP 2000");

        fetcher.addShard(split(SHARD_1, StartingPosition.latestAt(Instant.ofEpochMilli(9_000))));
        proxy.failNextGetShardIterator(
                () ->
                        InvalidArgumentException.builder()
                                .message("Timestamp cannot be in the future")
                                .build());
        proxy.putAt(SHARD_1, "before", 1_000);
        ShardBatch batch = fetcher.next();
        assertThat(batch.shardId()).isEqualTo(SHARD_1);
        assertThat(batch.records()).isEmpty();
        assertThat(proxy.calls()).contains("getShardIterator " + SHARD_1 + " LATEST");
    }

    @Test
    void aRenewalBeforeTheFirstRecordAfterTheLatestFallbackStartsAtThePinnedInstant()
            throws IOException {
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.latestAt(Instant.ofEpochMilli(9_000))));
        proxy.failNextGetShardIterator(
                () ->
                        InvalidArgumentException.builder()
                                .message("Timestamp cannot be in the future")
                                .build());
        proxy.putAt(SHARD_0, "before", 1_000);
        assertThat(fetcher.next().records()).isEmpty();
        assertThat(proxy.calls()).contains("getShardIterator " + SHARD_0 + " LATEST");

        // w1 arrives after the pinned instant, then the iterator expires before it is read.
        proxy.putAt(SHARD_0, "w1", 9_500);
        proxy.failNextGetRecords(() -> ExpiredIteratorException.builder().message("old").build());
        proxy.putAt(SHARD_0, "w2", 9_600);
        assertThat(payloads(fetcher.next())).containsExactly("w1", "w2");
        assertThat(proxy.calls())
                .filteredOn(c -> c.startsWith("getShardIterator"))
                .containsExactly(
                        "getShardIterator " + SHARD_0 + " AT_TIMESTAMP 9000",
                        "getShardIterator " + SHARD_0 + " LATEST",
                        "getShardIterator " + SHARD_0 + " AT_TIMESTAMP 9000");
    }

    @Test
    void pausedShardsWaitAndWakeUpInterruptsTheWait() throws IOException {
        proxy.put(SHARD_0, "a1").put(SHARD_1, "b1");
        PollingShardFetcher fetcher = fetcher(settings(10, 200, 0));
        fetcher.addShard(split(SHARD_0, StartingPosition.earliest()));
        fetcher.addShard(split(SHARD_1, StartingPosition.earliest()));
        fetcher.pauseOrResume(List.of(SHARD_0), List.of());
        assertThat(fetcher.next().shardId()).isEqualTo(SHARD_1);

        fetcher.wakeUp();
        assertThat(fetcher.next()).isNull();

        fetcher.pauseOrResume(List.of(), List.of(SHARD_0));
        assertThat(payloads(fetcher.next())).containsExactly("a1");
    }

    @Test
    void closeReleasesTheClient() {
        fetcher(settings(10, 200, 0)).close();
        assertThat(proxy.isClosed()).isTrue();
    }
}
