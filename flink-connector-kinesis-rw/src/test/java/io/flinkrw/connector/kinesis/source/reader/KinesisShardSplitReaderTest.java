package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.config.PollingSettings;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisShardSplitReaderTest {

    private static final String SHARD = "shardId-000000000000";

    private final FakeStreamProxy proxy = new FakeStreamProxy().addShard(SHARD, "0", "100");
    private final MetricListener metricListener = new MetricListener();
    private final KinesisSourceReaderMetrics metrics =
            new KinesisSourceReaderMetrics(
                    InternalSourceReaderMetricGroup.mock(metricListener.getMetricGroup()),
                    "orders");
    private final KinesisShardSplitReader reader =
            new KinesisShardSplitReader(
                    new PollingShardFetcher(
                            proxy,
                            "orders",
                            new PollingSettings(
                                    2,
                                    Duration.ofMillis(200),
                                    Duration.ZERO,
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(20)),
                            new ManualFetchTimer(),
                            () -> 0.5),
                    metrics,
                    true);

    private static KinesisShardSplit split(long stoppingArrivalMillis) {
        return new KinesisShardSplit(
                SHARD,
                List.of(),
                "0",
                "100",
                StartingPosition.earliest(),
                stoppingArrivalMillis,
                false);
    }

    private void add(KinesisShardSplit split) {
        metrics.registerShard(split.shardId());
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
    }

    /** Payloads of one fetch, and whether it finished the shard. */
    private List<String> fetch(List<Boolean> finished) throws IOException {
        RecordsWithSplitIds<KinesisRecord> records = reader.fetch();
        List<String> payloads = new ArrayList<>();
        while (records.nextSplit() != null) {
            KinesisRecord record;
            while ((record = records.nextRecordFromSplit()) != null) {
                payloads.add(new String(record.data()));
            }
        }
        finished.add(records.finishedSplits().contains(SHARD));
        return payloads;
    }

    @Test
    void boundedReadStopsBeforeTheFirstRecordThatArrivedAfterTheStop() throws IOException {
        proxy.putAt(SHARD, "a", 100).putAt(SHARD, "b", 200).putAt(SHARD, "c", 300);
        add(split(201));
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).containsExactly("a", "b");
        assertThat(fetch(finished)).isEmpty();
        assertThat(finished).containsExactly(false, true);
    }

    @Test
    void boundedReadStopsInTheBatchThatEndsAClosedShard() throws IOException {
        proxy.putAt(SHARD, "a", 100).putAt(SHARD, "b", 200).putAt(SHARD, "c", 300).close(SHARD);
        add(split(201));
        List<Boolean> finished = new ArrayList<>();
        List<String> read = new ArrayList<>(fetch(finished));
        read.addAll(fetch(finished));
        assertThat(read).containsExactly("a", "b");
        assertThat(finished).containsExactly(false, true);
    }

    @Test
    void boundedReadTrimsTheLastBatchOfAClosedShard() throws IOException {
        proxy.putAt(SHARD, "a", 100).putAt(SHARD, "b", 300).close(SHARD);
        add(split(201));
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).containsExactly("a");
        assertThat(finished).containsExactly(true);
    }

    @Test
    void boundedReadStopsAtAnEmptyReadAtTheTip() throws IOException {
        proxy.putAt(SHARD, "a", 100).putAt(SHARD, "b", 200);
        add(split(1_000));
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).containsExactly("a", "b");
        assertThat(fetch(finished)).isEmpty();
        assertThat(finished).containsExactly(false, true);
        assertThat(millisBehindLatest()).contains(0L);
    }

    @Test
    void unboundedReadFinishesAClosedShardAtItsEnd() throws IOException {
        proxy.put(SHARD, "a", "b", "c").close(SHARD);
        add(split(KinesisShardSplit.NO_STOP));
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).containsExactly("a", "b");
        assertThat(millisBehindLatest()).contains(1000L);
        assertThat(fetch(finished)).containsExactly("c");
        assertThat(finished).containsExactly(false, true);
    }

    @Test
    void everySplitFinishesOnceTheReaderEmittedItsLimit() throws IOException {
        RecordLimit limit = new RecordLimit(1);
        KinesisShardSplitReader limited =
                new KinesisShardSplitReader(
                        new PollingShardFetcher(
                                proxy,
                                "orders",
                                new PollingSettings(
                                        2,
                                        Duration.ofMillis(200),
                                        Duration.ZERO,
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(20)),
                                new ManualFetchTimer(),
                                () -> 0.5),
                        metrics,
                        false,
                        limit);
        proxy.put(SHARD, "a", "b", "c");
        metrics.registerShard(SHARD);
        limited.handleSplitsChanges(
                new SplitsAddition<>(List.of(split(KinesisShardSplit.NO_STOP))));
        RecordsWithSplitIds<KinesisRecord> first = limited.fetch();
        assertThat(first.nextSplit()).isEqualTo(SHARD);
        assertThat(first.finishedSplits()).isEmpty();

        limit.recordEmitted();
        RecordsWithSplitIds<KinesisRecord> afterLimit = limited.fetch();
        assertThat(afterLimit.nextSplit()).isNull();
        assertThat(afterLimit.finishedSplits()).containsExactly(SHARD);
    }

    @Test
    void removedSplitsAreReportedFinished() throws IOException {
        add(split(KinesisShardSplit.NO_STOP));
        reader.handleSplitsChanges(new SplitsRemoval<>(List.of(split(KinesisShardSplit.NO_STOP))));
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).isEmpty();
        assertThat(finished).containsExactly(true);
    }

    @Test
    void wakeUpEndsAFetchWithNothing() throws IOException {
        add(split(KinesisShardSplit.NO_STOP));
        reader.wakeUp();
        List<Boolean> finished = new ArrayList<>();
        assertThat(fetch(finished)).isEmpty();
        assertThat(finished).containsExactly(false);
    }

    private Optional<Long> millisBehindLatest() {
        return metricListener
                .<Long>getGauge(
                        KinesisSourceReaderMetrics.KINESIS_SOURCE_GROUP,
                        KinesisSourceReaderMetrics.STREAM_GROUP,
                        "orders",
                        KinesisSourceReaderMetrics.SHARD_GROUP,
                        SHARD,
                        KinesisSourceReaderMetrics.MILLIS_BEHIND_LATEST)
                .map(Gauge::getValue);
    }
}
