package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.client.JetStreamClient;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches messages for the splits of one reader, each through its own {@link SubjectConsumer}, over
 * the reader's shared connection. Only I/O happens here: decoding is the emitter's job.
 *
 * <p>A fetch first takes what has arrived for every split without waiting; only when nothing has,
 * it waits briefly on one split, taking turns, so a quiet split never delays a busy one. A split of
 * a subject the source does not read (restored from a job that read other subjects) is finished
 * without being read.
 */
@Internal
public final class NatsSubjectSplitReader implements SplitReader<NatsRecord, NatsSubjectSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSubjectSplitReader.class);

    /** The longest a fetch waits when nothing has arrived. */
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);

    private final NatsSourceConfig config;
    private final JetStreamClient client;
    private final RecordLimit limit;
    private final CommittedPositions committed;
    private final Map<String, SubjectConsumer> consumers = new LinkedHashMap<>();
    private final List<String> finishedSplits = new ArrayList<>();

    private int turn;
    private volatile boolean wokenUp;

    NatsSubjectSplitReader(
            NatsSourceConfig config,
            JetStreamClient client,
            RecordLimit limit,
            CommittedPositions committed) {
        this.config = config;
        this.client = client;
        this.limit = limit;
        this.committed = committed;
    }

    @Override
    public RecordsWithSplitIds<NatsRecord> fetch() throws IOException {
        RecordsBySplits.Builder<NatsRecord> records = new RecordsBySplits.Builder<>();
        if (limit.isReached()) {
            return finishAll(records);
        }
        if (client.isClosedForGood()) {
            throw new IOException("The NATS connection of " + client + " closed for good");
        }
        try {
            List<SubjectConsumer> readable = new ArrayList<>();
            for (SubjectConsumer consumer : consumers.values()) {
                if (!consumer.isPaused()) {
                    readable.add(consumer);
                }
            }
            int handed = 0;
            for (SubjectConsumer consumer : readable) {
                handed += poll(consumer, null, records);
            }
            if (handed == 0 && finishedSplits.isEmpty() && !wokenUp) {
                if (readable.isEmpty()) {
                    // Every split is paused (watermark alignment): nothing to wait on but time.
                    Thread.sleep(IDLE_WAIT.toMillis());
                } else {
                    SubjectConsumer next = readable.get(Math.floorMod(turn++, readable.size()));
                    poll(next, IDLE_WAIT, records);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while fetching from NATS");
        }
        wokenUp = false;
        return withFinishedSplits(records);
    }

    /** The reader emitted its limit of records: every split is done. */
    private RecordsWithSplitIds<NatsRecord> finishAll(RecordsBySplits.Builder<NatsRecord> records) {
        for (SubjectConsumer consumer : consumers.values()) {
            consumer.close();
            finishedSplits.add(consumer.splitId());
        }
        consumers.clear();
        return withFinishedSplits(records);
    }

    /** {@code records} and the splits finished since the last fetch. */
    private RecordsWithSplitIds<NatsRecord> withFinishedSplits(
            RecordsBySplits.Builder<NatsRecord> records) {
        finishedSplits.forEach(records::addFinishedSplit);
        finishedSplits.clear();
        return records.build();
    }

    private int poll(
            SubjectConsumer consumer, Duration wait, RecordsBySplits.Builder<NatsRecord> records)
            throws IOException, InterruptedException {
        String splitId = consumer.splitId();
        int handed =
                consumer.poll(
                        config.fetchBatchSize(), wait, record -> records.add(splitId, record));
        if (consumer.isFinished()) {
            consumers.remove(splitId);
            finishedSplits.add(splitId);
        }
        return handed;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<NatsSubjectSplit> splitsChanges) {
        if (splitsChanges instanceof SplitsAddition) {
            for (NatsSubjectSplit split : splitsChanges.splits()) {
                if (!config.splitSubjects().contains(split.subject())) {
                    // Restored from a job that read other subjects (its query narrowed 'subject'
                    // differently, or the option changed): reading it would return rows the
                    // query does not ask for. Finishing it releases its watermark output.
                    LOG.info(
                            "Finishing split {} unread: this source reads subjects {}",
                            split,
                            config.splitSubjects());
                    finishedSplits.add(split.splitId());
                    continue;
                }
                SubjectConsumer consumer =
                        new SubjectConsumer(
                                split,
                                client,
                                config.consumer(),
                                config.fetchBatchSize(),
                                config.fetchMaxWait(),
                                committed);
                if (consumer.isFinished()) {
                    finishedSplits.add(split.splitId());
                } else {
                    consumers.put(split.splitId(), consumer);
                }
            }
        } else if (splitsChanges instanceof SplitsRemoval) {
            for (NatsSubjectSplit split : splitsChanges.splits()) {
                SubjectConsumer consumer = consumers.remove(split.splitId());
                if (consumer != null) {
                    consumer.close();
                }
                finishedSplits.add(split.splitId());
            }
        }
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<NatsSubjectSplit> splitsToPause,
            Collection<NatsSubjectSplit> splitsToResume) {
        for (NatsSubjectSplit split : splitsToPause) {
            SubjectConsumer consumer = consumers.get(split.splitId());
            if (consumer != null) {
                consumer.setPaused(true);
            }
        }
        for (NatsSubjectSplit split : splitsToResume) {
            SubjectConsumer consumer = consumers.get(split.splitId());
            if (consumer != null) {
                consumer.setPaused(false);
            }
        }
    }

    @Override
    public void wakeUp() {
        wokenUp = true;
    }

    @Override
    public void close() {
        for (SubjectConsumer consumer : consumers.values()) {
            consumer.close();
        }
        consumers.clear();
    }
}
