package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.IdleWithoutSplitReaderBase;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.client.JetStreamClient;
import io.flinkrw.connector.nats.client.JnatsJetStreamClient;
import io.flinkrw.connector.nats.config.AckMode;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;

import io.nats.client.api.AckPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The NATS source reader: one connection shared by its splits, closed with it. When the consumers
 * take acks, it acks each delivery once the checkpoint that covers it completes, or, with {@link
 * AckMode#EMIT}, as soon as it is emitted. A restored split of a subject this source no longer
 * reads is taken and reported finished at once (see {@link NatsSubjectSplitReader}), which releases
 * the watermark output Flink made for it. While the enumerator has no split for it, the reader is
 * idle (see {@link IdleWithoutSplitReaderBase}).
 */
@Internal
public final class NatsSourceReader<T>
        extends IdleWithoutSplitReaderBase<NatsRecord, T, NatsSubjectSplit, NatsSubjectSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSourceReader.class);

    private final JetStreamClient client;
    private final PendingAcks acks;
    private final CommittedPositions committed;
    private final NatsSourceReaderMetrics metrics;

    private NatsSourceReader(
            NatsSourceConfig config,
            JetStreamClient client,
            PendingAcks acks,
            CommittedPositions committed,
            NatsSourceReaderMetrics metrics,
            NatsRecordDeserializer<T> deserializer,
            SourceReaderContext context,
            RecordLimit limit) {
        super(
                () -> new NatsSubjectSplitReader(config, client, limit, committed),
                new NatsRecordEmitter<>(
                        deserializer,
                        acks,
                        committed,
                        client::ack,
                        config.ackMode() == AckMode.EMIT,
                        metrics,
                        limit),
                readerConfiguration(config, context),
                context);
        this.client = client;
        this.acks = acks;
        this.committed = committed;
        this.metrics = metrics;
    }

    /**
     * The TaskManager's configuration, which Flink gives a reader, with the job's source reader
     * options (taken while the job was built) on top.
     */
    private static Configuration readerConfiguration(
            NatsSourceConfig config, SourceReaderContext context) {
        Configuration merged = new Configuration(context.getConfiguration());
        merged.addAll(Configuration.fromMap(config.readerOptions()));
        return merged;
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
        String name = "flink-nats-reader-" + context.getIndexOfSubtask();
        return create(
                config,
                new JnatsJetStreamClient(config.connection(), name, name),
                deserializer,
                context,
                limit);
    }

    @VisibleForTesting
    static <T> NatsSourceReader<T> create(
            NatsSourceConfig config,
            JetStreamClient client,
            NatsRecordDeserializer<T> deserializer,
            SourceReaderContext context,
            RecordLimit limit) {
        boolean first = context.getIndexOfSubtask() == 0;
        NatsSourceConfig resolved = config;
        if (resolved.ackMode() == AckMode.AUTO) {
            // Not resolved while the job was built (a DataStream job): Flink gives a reader the
            // TaskManager's configuration, which holds the job's checkpoint interval only when the
            // cluster sets it; when it does not tell, acks wait for checkpoints.
            resolved = config.forJob(context.getConfiguration(), false, first);
            if (resolved.ackMode() == AckMode.AUTO) {
                resolved = resolved.withAckMode(AckMode.CHECKPOINT);
                if (first && resolved.consumer().ackPolicy() != AckPolicy.None) {
                    LOG.warn(
                            "The NATS source cannot tell whether the job checkpoints, so its"
                                    + " readers ack deliveries only when checkpoints complete: a"
                                    + " job without checkpoints never acks. Set '{}' or call"
                                    + " forJob(env.getConfiguration()) on the source.",
                            NatsConnectorOptions.ACK_MODE.key());
                }
            }
        }
        if (first && resolved.consumer().ackPolicy() != AckPolicy.None) {
            LOG.info("NATS source readers ack deliveries on {}", resolved.ackMode());
        }
        return new NatsSourceReader<>(
                resolved,
                client,
                new PendingAcks(resolved.consumer().ackPolicy()),
                new CommittedPositions(),
                new NatsSourceReaderMetrics(context.metricGroup()),
                deserializer,
                context,
                limit);
    }

    @Override
    protected NatsSubjectSplitState initializedState(NatsSubjectSplit split) {
        metrics.addSplit(split.splitId());
        committed.addSplit(split);
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
        committed.checkpoint(checkpointId, splits);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        committed.complete(checkpointId);
        if (acks.isEnabled()) {
            acks.complete(checkpointId, client::ack);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            client.close();
        }
    }

    /** A NATS split finishes only when its subject is no longer read: nothing follows it. */
    @Override
    protected boolean noSplitFollowsFinishedOnes() {
        return true;
    }
}
