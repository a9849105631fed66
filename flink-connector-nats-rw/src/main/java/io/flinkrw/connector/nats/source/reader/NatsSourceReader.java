package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NATS source reader: one connection shared by its splits, closed with it; acks deliveries
 * after the checkpoint that covers them completes, when the consumers take acks.
 */
@Internal
public final class NatsSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                NatsRecord, T, NatsSubjectSplit, NatsSubjectSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSourceReader.class);

    private final NatsSourceConfig config;
    private final NatsReaderConnection connection;
    private final PendingAcks acks;
    private final NatsSourceReaderMetrics metrics;

    private NatsSourceReader(
            NatsSourceConfig config,
            NatsReaderConnection connection,
            PendingAcks acks,
            NatsSourceReaderMetrics metrics,
            NatsRecordDeserializer<T> deserializer,
            SourceReaderContext context,
            RecordLimit limit) {
        super(
                () -> new NatsSubjectSplitReader(config, connection, limit),
                new NatsRecordEmitter<>(deserializer, acks, metrics, limit),
                new Configuration(),
                context);
        this.config = config;
        this.connection = connection;
        this.acks = acks;
        this.metrics = metrics;
    }

    /**
     * A reader for {@code context}, with an open {@code deserializer}, that stops after {@code
     * limit} records.
     */
    public static <T> NatsSourceReader<T> create(
            NatsSourceConfig config,
            NatsRecordDeserializer<T> deserializer,
            SourceReaderContext context,
            RecordLimit limit) {
        NatsReaderConnection connection =
                new NatsReaderConnection(
                        config.connection(), "flink-nats-reader-" + context.getIndexOfSubtask());
        return new NatsSourceReader<>(
                config,
                connection,
                new PendingAcks(config.consumer().ackPolicy()),
                new NatsSourceReaderMetrics(context.metricGroup()),
                deserializer,
                context,
                limit);
    }

    /**
     * Reads the splits of subjects this source reads. A split restored from a job that read other
     * subjects (its query narrowed {@code subject} differently, or the option changed) is dropped:
     * reading it would return rows the query does not ask for, and twice when its subject is also
     * read under another entry.
     */
    @Override
    public void addSplits(List<NatsSubjectSplit> splits) {
        List<NatsSubjectSplit> read = new ArrayList<>(splits.size());
        for (NatsSubjectSplit split : splits) {
            if (config.splitSubjects().contains(split.subject())) {
                read.add(split);
            } else {
                LOG.info(
                        "Dropping split {}: this source reads subjects {}",
                        split,
                        config.splitSubjects());
            }
        }
        if (!read.isEmpty()) {
            super.addSplits(read);
        }
    }

    @Override
    protected NatsSubjectSplitState initializedState(NatsSubjectSplit split) {
        metrics.addSplit(split.splitId());
        return new NatsSubjectSplitState(split);
    }

    @Override
    protected NatsSubjectSplit toSplitType(String splitId, NatsSubjectSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, NatsSubjectSplitState> finishedSplits) {
        finishedSplits.keySet().forEach(metrics::splitFinished);
    }

    @Override
    public List<NatsSubjectSplit> snapshotState(long checkpointId) {
        List<NatsSubjectSplit> splits = super.snapshotState(checkpointId);
        acks.checkpoint(checkpointId);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (acks.isEnabled()) {
            acks.complete(checkpointId, connection::ack);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            connection.close();
        }
    }
}
