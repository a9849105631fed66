package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.client.FakeJetStreamClient;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;
import io.flinkrw.connector.nats.testutils.LogCapture;
import io.flinkrw.testutils.IdlenessRecordingReaderOutput;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutputMultiplexer;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader finishes restored splits of subjects its source no longer reads, takes the job's
 * reader options, and is idle without a split when the enumerator says so.
 */
class NatsSourceReaderTest {

    /**
     * Per-split watermark outputs combined as the source operator combines them: the smallest
     * watermark of the splits whose output is not released.
     */
    private static final class SplitWatermarks extends TestingReaderOutput<String> {
        final WatermarkOutputMultiplexer splits = new WatermarkOutputMultiplexer(this);
        final Set<String> created = new HashSet<>();
        final Set<String> released = new CopyOnWriteArraySet<>();
        long combined = Long.MIN_VALUE;

        @Override
        public SourceOutput<String> createOutputForSplit(String splitId) {
            if (created.add(splitId)) {
                splits.registerNewOutput(splitId);
            }
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            released.add(splitId);
            splits.unregisterOutput(splitId);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            combined = watermark.getTimestamp();
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void restoredSplitsOfSubjectsNoLongerReadFinishAndReleaseTheirWatermarkOutputs()
            throws Exception {
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                                Map.of(
                                        "server_url", "nats://localhost:4222",
                                        "subject", "orders.*",
                                        "connect_mode", "plain"))
                        .narrowedTo(List.of("orders.eu"));
        // Splits a job that read "orders.*" whole, or "orders.us", checkpointed.
        List<NatsSubjectSplit> restored =
                List.of(
                        new NatsSubjectSplit(
                                "S",
                                "orders.*",
                                StartPosition.afterSequence(7),
                                NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                        new NatsSubjectSplit(
                                "S",
                                "orders.us",
                                StartPosition.afterSequence(3),
                                NatsSubjectSplit.NO_STOPPING_SEQUENCE));
        SplitWatermarks output = new SplitWatermarks();
        // The source operator makes an output for every restored split before the reader sees
        // them; another split of the reader has reached 1000 already.
        restored.forEach(split -> output.createOutputForSplit(split.splitId()));
        output.createOutputForSplit("orders.eu");
        output.splits.getImmediateOutput("orders.eu").emitWatermark(new Watermark(1000));
        assertThat(output.combined).isEqualTo(Long.MIN_VALUE);

        try (NatsSourceReader<String> reader =
                NatsSourceReader.create(
                        config,
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        new TestingReaderContext(),
                        new RecordLimit(RecordLimit.UNLIMITED))) {
            reader.start();
            reader.addSplits(restored);
            waitUtil(
                    () -> {
                        if (reader.isAvailable().isDone()) {
                            try {
                                reader.pollNext(output);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }
                        return output.released.containsAll(Set.of("orders.*", "orders.us"));
                    },
                    Duration.ofSeconds(30),
                    "the reader to finish the splits of subjects it no longer reads");
            assertThat(reader.snapshotState(1)).isEmpty();
        }
        // Without the dropped splits' outputs, the other split's watermark goes through.
        output.splits.getImmediateOutput("orders.eu").emitWatermark(new Watermark(2000));
        assertThat(output.combined).isEqualTo(2000);
    }

    @Test
    void aReaderWithoutASplitIsIdleWhenTheEnumeratorSaysSoAndActiveWithOne() throws Exception {
        FakeJetStreamClient server = new FakeJetStreamClient();
        server.addStream("S", RetentionPolicy.Limits, "orders");
        server.publish("S", "orders", 3);
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                        Map.of(
                                "server_url", "nats://localhost:4222",
                                "subject", "orders",
                                "connect_mode", "plain"));
        IdlenessRecordingReaderOutput<String> output = new IdlenessRecordingReaderOutput<>();
        try (NatsSourceReader<String> reader =
                NatsSourceReader.create(
                        config,
                        server,
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        new TestingReaderContext(),
                        new RecordLimit(RecordLimit.UNLIMITED))) {
            reader.start();
            // Without the enumerator's word, a reader without a split is not idle: its split
            // may be on its way.
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(output.statusChanges()).isEmpty();

            reader.handleSourceEvents(new NoSplitForReaderEvent());
            assertThat(reader.isAvailable()).isDone();
            reader.pollNext(output);
            assertThat(output.statusChanges()).containsExactly("idle");

            reader.addSplits(
                    List.of(
                            new NatsSubjectSplit(
                                    "S",
                                    "orders",
                                    StartPosition.earliest(),
                                    NatsSubjectSplit.NO_STOPPING_SEQUENCE)));
            assertThat(output.statusChanges()).containsExactly("idle", "active");
            waitUtil(
                    () -> {
                        if (reader.isAvailable().isDone()) {
                            try {
                                reader.pollNext(output);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }
                        return output.getEmittedRecords().size() == 3;
                    },
                    Duration.ofSeconds(30),
                    "the split's messages");
            assertThat(output.statusChanges()).containsExactly("idle", "active");
        }
    }

    /**
     * Hostile review (issue 15, defect 3): restored from a savepoint after a subject was taken off
     * the list, a reader holds only the split of that subject. The enumerator's notice comes when
     * the reader registers, after its restored splits are added, so the reader ignores it; the
     * split then finishes at once and nobody tells the reader again, so it holds the job's
     * watermark for good.
     */
    @Test
    void aReaderWhoseOnlyRestoredSplitIsOfASubjectNoLongerReadEndsIdle() throws Exception {
        FakeJetStreamClient server = new FakeJetStreamClient();
        server.addStream("S", RetentionPolicy.Limits, "orders.*");
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                                Map.of(
                                        "server_url", "nats://localhost:4222",
                                        "subject", "orders.*",
                                        "connect_mode", "plain"))
                        .narrowedTo(List.of("orders.eu"));
        IdlenessRecordingReaderOutput<String> output = new IdlenessRecordingReaderOutput<>();
        try (NatsSourceReader<String> reader =
                NatsSourceReader.create(
                        config,
                        server,
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        new TestingReaderContext(),
                        new RecordLimit(RecordLimit.UNLIMITED))) {
            reader.start();
            reader.addSplits(
                    List.of(
                            new NatsSubjectSplit(
                                    "S",
                                    "orders.us",
                                    StartPosition.afterSequence(3),
                                    NatsSubjectSplit.NO_STOPPING_SEQUENCE)));
            // Sent on registration, which follows the restore.
            reader.handleSourceEvents(new NoSplitForReaderEvent());
            waitUtil(
                    () -> {
                        if (reader.isAvailable().isDone()) {
                            try {
                                reader.pollNext(output);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }
                        return reader.snapshotState(1).isEmpty();
                    },
                    Duration.ofSeconds(30),
                    "the reader to finish the split of the subject it no longer reads");
            reader.pollNext(output);
            assertThat(output.statusChanges())
                    .as("a reader left without a split and told so by the enumerator")
                    .contains("idle");
        }
    }

    @Test
    void theJobsElementQueueCapacityBoundsWhatTheFetcherReadsAhead() throws Exception {
        FakeJetStreamClient server = new FakeJetStreamClient();
        server.addStream("S", RetentionPolicy.Limits, "orders");
        server.publish("S", "orders", 1_000);
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                        Map.of(
                                "server_url", "nats://localhost:4222",
                                "subject", "orders",
                                "connect_mode", "plain",
                                "nats.fetch.batch_size", "10"));
        Configuration job = new Configuration();
        job.set(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY, 1);

        assertTheFetcherStopsAtAFullQueue(config, server, job);
    }

    @Test
    void theElementQueueCapacityOfTheJobReachesAReaderWhoseTaskManagerDoesNotSetIt()
            throws Exception {
        FakeJetStreamClient server = new FakeJetStreamClient();
        server.addStream("S", RetentionPolicy.Limits, "orders");
        server.publish("S", "orders", 1_000);
        Configuration job = new Configuration();
        job.set(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY, 1);
        // The job's configuration, as SQL (or a DataStream job calling forJob) hands it over;
        // on a cluster, the reader's context holds the TaskManager's configuration instead.
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                                Map.of(
                                        "server_url", "nats://localhost:4222",
                                        "subject", "orders",
                                        "connect_mode", "plain",
                                        "nats.fetch.batch_size", "10"))
                        .forJob(job, true, false);

        assertTheFetcherStopsAtAFullQueue(config, server, new Configuration());
    }

    /**
     * Nobody polls a reader of {@code config} whose context holds {@code taskManager}: with an
     * element queue of one batch of 10, one batch fills the queue and the fetcher, blocked on it,
     * holds the next; nothing more is fetched.
     */
    private static void assertTheFetcherStopsAtAFullQueue(
            NatsSourceConfig config, FakeJetStreamClient server, Configuration taskManager)
            throws Exception {
        try (NatsSourceReader<String> reader =
                NatsSourceReader.create(
                        config,
                        server,
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        new TestingReaderContext(
                                taskManager,
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                        new RecordLimit(RecordLimit.UNLIMITED))) {
            reader.start();
            reader.addSplits(
                    List.of(
                            new NatsSubjectSplit(
                                    "S",
                                    "orders",
                                    StartPosition.earliest(),
                                    NatsSubjectSplit.NO_STOPPING_SEQUENCE)));
            waitUtil(
                    NatsSourceReaderTest::aFetcherWaitsOnAFullQueue,
                    Duration.ofSeconds(30),
                    "the fetcher to block on the full element queue");
            assertThat(server.deliveries()).isEqualTo(20);
        }
    }

    /** Whether a split fetcher thread is parked putting a batch into the full element queue. */
    private static boolean aFetcherWaitsOnAFullQueue() {
        return Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(
                        thread ->
                                thread.getKey().getState() == Thread.State.WAITING
                                        && Arrays.stream(thread.getValue())
                                                .anyMatch(
                                                        frame ->
                                                                frame.getClassName()
                                                                                .endsWith(
                                                                                        "FutureCompletingBlockingQueue")
                                                                        && frame.getMethodName()
                                                                                .equals("put")));
    }

    @Test
    void aReaderThatCannotTellWhetherTheJobCheckpointsWarnsThatItAcksOnCheckpoints()
            throws Exception {
        FakeJetStreamClient server = new FakeJetStreamClient();
        server.addStream("S", RetentionPolicy.Limits, "orders");
        // A DataStream job that never called forJob: the reader sees only the TaskManager's
        // configuration, which sets no checkpoint interval.
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                        Map.of(
                                "server_url", "nats://localhost:4222",
                                "subject", "orders",
                                "connect_mode", "plain",
                                "consumer.durable_name", "d"));
        try (LogCapture logs = LogCapture.start();
                NatsSourceReader<String> reader =
                        NatsSourceReader.create(
                                config,
                                server,
                                NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                                new TestingReaderContext(),
                                new RecordLimit(RecordLimit.UNLIMITED))) {
            assertThat(logs.text()).contains("WARN").contains("'nats.ack.mode'").contains("forJob");
        }
    }
}
