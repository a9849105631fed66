package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.connector.kinesis.config.PollingSettings;
import io.flinkrw.connector.kinesis.source.KinesisDeserializationSchema;
import io.flinkrw.connector.kinesis.source.enumerator.FinishedSplitsAcknowledgedEvent;
import io.flinkrw.connector.kinesis.source.enumerator.SplitsFinishedEvent;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;
import io.flinkrw.testutils.IdlenessRecordingReaderOutput;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisSourceReaderTest {

    private static final String PARENT = "shardId-000000000000";
    private static final String OTHER = "shardId-000000000001";

    private final FakeStreamProxy proxy =
            new FakeStreamProxy().addShard(PARENT, "0", "100").addShard(OTHER, "101", "200");
    private final TestingReaderContext context =
            new TestingReaderContext(
                    new Configuration(),
                    InternalSourceReaderMetricGroup.mock(new MetricListener().getMetricGroup()));
    private final KinesisSourceReaderMetrics metrics =
            new KinesisSourceReaderMetrics(context.metricGroup(), "orders");
    private final KinesisSourceReader<String> reader =
            new KinesisSourceReader<>(
                    () ->
                            new KinesisShardSplitReader(
                                    new PollingShardFetcher(
                                            proxy,
                                            "orders",
                                            new PollingSettings(
                                                    100,
                                                    Duration.ofMillis(10),
                                                    Duration.ZERO,
                                                    Duration.ofMillis(10),
                                                    Duration.ofSeconds(1))),
                                    metrics,
                                    true),
                    new KinesisRecordEmitter<>(
                            KinesisDeserializationSchema.valueOnly(new SimpleStringSchema()),
                            new SimpleCounter()),
                    new Configuration(),
                    context,
                    metrics,
                    null);
    private final IdlenessRecordingReaderOutput<String> output =
            new IdlenessRecordingReaderOutput<>();

    @AfterEach
    void close() throws Exception {
        reader.close();
    }

    private static KinesisShardSplit split(String shardId, boolean finished) {
        return new KinesisShardSplit(
                shardId,
                List.of(),
                "0",
                "100",
                StartingPosition.earliest(),
                KinesisShardSplit.NO_STOP,
                finished);
    }

    /** Polls the reader (waiting for data, never for time) until the condition holds. */
    private void pollUntil(BooleanSupplier condition) throws Exception {
        while (!condition.getAsBoolean()) {
            if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE
                    && !condition.getAsBoolean()) {
                reader.isAvailable().get();
            }
        }
    }

    private List<SourceEvent> sentEvents() {
        return context.getSentEvents();
    }

    @Test
    void aReaderWithoutAShardIsIdleOnlyWhenTheEnumeratorSaysSoAndActiveAgainWithOne()
            throws Exception {
        proxy.put(OTHER, "x");
        reader.start();

        // No shard yet, and no word from the enumerator: its shard may be on its way.
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(output.statusChanges()).isEmpty();

        // The enumerator has no shard for it: the reader is woken up and marks itself idle.
        reader.handleSourceEvents(new NoSplitForReaderEvent());
        assertThat(reader.isAvailable()).isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(output.statusChanges()).containsExactly("idle");

        // A shard: active before its first record.
        reader.addSplits(List.of(split(OTHER, false)));
        assertThat(output.statusChanges()).containsExactly("idle", "active");
        pollUntil(() -> output.getEmittedRecords().size() == 1);
        assertThat(output.getEmittedRecords()).containsExactly("x");

        // A notice that crossed the assignment is ignored: the reader holds a shard.
        reader.handleSourceEvents(new NoSplitForReaderEvent());
        reader.pollNext(output);
        assertThat(output.statusChanges()).containsExactly("idle", "active");
    }

    @Test
    void aReaderWhoseShardsFinishedIsIdleWhenTheEnumeratorSaysSo() throws Exception {
        proxy.put(PARENT, "a").close(PARENT);
        reader.start();
        reader.addSplits(List.of(split(PARENT, false)));
        pollUntil(() -> !sentEvents().isEmpty());
        assertThat(output.statusChanges()).containsExactly("released " + PARENT);

        // The shard's output is released; an idle stand-in makes the split side idle too, so
        // that marking the reader idle takes effect in Flink.
        reader.handleSourceEvents(new NoSplitForReaderEvent());
        reader.pollNext(output);
        assertThat(output.statusChanges())
                .containsExactly(
                        "released " + PARENT,
                        "idle flink-rw-no-split",
                        "released flink-rw-no-split",
                        "idle");
    }

    @Test
    void aRestoredReaderHoldingAShardIgnoresTheNotice() throws Exception {
        proxy.put(OTHER, "x");
        reader.start();
        reader.addSplits(List.of(split(OTHER, false)));
        reader.handleSourceEvents(new NoSplitForReaderEvent());
        pollUntil(() -> output.getEmittedRecords().size() == 1);
        assertThat(output.statusChanges()).isEmpty();
    }

    @Test
    void aFinishedSplitStaysInTheStateUntilTheEnumeratorAcknowledgesIt() throws Exception {
        proxy.put(PARENT, "a", "b").close(PARENT);
        reader.start();
        reader.addSplits(List.of(split(PARENT, false)));

        pollUntil(() -> !sentEvents().isEmpty());
        assertThat(output.getEmittedRecords()).containsExactly("a", "b");
        assertThat(sentEvents())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new SplitsFinishedEvent(Set.of(PARENT)));

        KinesisShardSplit finished =
                split(PARENT, true).withStartingPosition(StartingPosition.afterEmitted("2"));
        assertThat(reader.snapshotState(1)).containsExactly(finished);
        assertThat(reader.snapshotState(2)).containsExactly(finished);

        reader.handleSourceEvents(new FinishedSplitsAcknowledgedEvent(Set.of(PARENT)));
        assertThat(reader.snapshotState(3)).isEmpty();
    }

    @Test
    void restoredFinishedSplitsAreReportedAgainAndNotRead() throws Exception {
        proxy.put(OTHER, "x");
        reader.start();
        KinesisShardSplit finished = split(PARENT, true);
        reader.addSplits(List.of(finished, split(OTHER, false)));

        assertThat(sentEvents())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(new SplitsFinishedEvent(Set.of(PARENT)));
        pollUntil(() -> !output.getEmittedRecords().isEmpty());
        assertThat(output.getEmittedRecords()).containsExactly("x");
        assertThat(proxy.calls()).noneMatch(call -> call.contains(PARENT));

        assertThat(reader.snapshotState(1))
                .containsExactlyInAnyOrder(
                        finished,
                        split(OTHER, false)
                                .withStartingPosition(StartingPosition.afterEmitted("1")));
    }
}
