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

import java.util.List;
import java.util.Map;

/**
 * The NATS source reader: one connection shared by its splits, closed with it; acks deliveries
 * after the checkpoint that covers them completes, when the consumers take acks. A restored split
 * of a subject this source no longer reads is taken and reported finished at once (see {@link
 * NatsSubjectSplitReader}), which releases the watermark output Flink made for it.
 */
@Internal
public final class NatsSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                NatsRecord, T, NatsSubjectSplit, NatsSubjectSplitState> {

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
