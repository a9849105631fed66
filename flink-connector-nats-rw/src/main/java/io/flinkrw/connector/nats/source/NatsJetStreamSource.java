package io.flinkrw.connector.nats.source;

import io.flinkrw.common.source.AdaptsToJob;
import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.config.BoundedMode;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.enumerator.JetStreamSplitPlanner;
import io.flinkrw.connector.nats.source.enumerator.NatsEnumState;
import io.flinkrw.connector.nats.source.enumerator.NatsEnumStateSerializer;
import io.flinkrw.connector.nats.source.enumerator.NatsSourceEnumerator;
import io.flinkrw.connector.nats.source.reader.NatsSourceReader;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.time.Instant;

/**
 * A source that reads NATS JetStream subjects, exactly-once in Flink's state: each listed subject
 * is a split read by its own pull consumer, and a split's state is the stream sequence of the last
 * message it emitted, so a restored split resumes just after it.
 *
 * <pre>{@code
 * NatsJetStreamSource<String> source =
 *     NatsJetStreamSource.<String>builder()
 *         .setServerUrl("nats://localhost:4222")
 *         .setSubjects("orders.>")
 *         .setValueOnlyDeserializer(new SimpleStringSchema())
 *         .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "NATS orders");
 * }</pre>
 *
 * <p>The builder also takes RisingWave's option map as it is ({@link
 * NatsJetStreamSourceBuilder#setProperties}).
 *
 * @param <T> the produced type
 */
@PublicEvolving
public final class NatsJetStreamSource<T>
        implements Source<T, NatsSubjectSplit, NatsEnumState>,
                ResultTypeQueryable<T>,
                AdaptsToJob<T> {

    private static final long serialVersionUID = 1L;

    private final NatsSourceConfig config;
    private final NatsRecordDeserializer<T> deserializer;
    private final Instant latestStart;
    private final long limit;

    private NatsJetStreamSource(
            NatsSourceConfig config,
            NatsRecordDeserializer<T> deserializer,
            Instant latestStart,
            long limit) {
        this.config = config;
        this.deserializer = deserializer;
        this.latestStart = latestStart;
        this.limit = limit;
    }

    public static <T> NatsJetStreamSourceBuilder<T> builder() {
        return new NatsJetStreamSourceBuilder<>();
    }

    /**
     * A source for validated options. {@code latest} starts at this moment: every later start of
     * the job (restarts before the first checkpoint, JobManager failovers) starts splits without
     * state here.
     */
    @Internal
    public static <T> NatsJetStreamSource<T> create(
            NatsSourceConfig config, NatsRecordDeserializer<T> deserializer) {
        return create(config, deserializer, RecordLimit.UNLIMITED);
    }

    /**
     * As {@link #create(NatsSourceConfig, NatsRecordDeserializer)}; a bounded source's readers each
     * stop after {@code limit} records (a table's pushed-down {@code LIMIT}).
     */
    @Internal
    public static <T> NatsJetStreamSource<T> create(
            NatsSourceConfig config, NatsRecordDeserializer<T> deserializer, long limit) {
        return new NatsJetStreamSource<>(
                config,
                deserializer,
                Instant.now(),
                config.boundedMode() == BoundedMode.LATEST ? limit : RecordLimit.UNLIMITED);
    }

    /**
     * This source for a job configured by {@code jobConfiguration}: with {@code nats.ack.mode}
     * {@code auto}, its readers ack on checkpoints when the job checkpoints in streaming mode, and
     * on emit otherwise. SQL calls this while it builds the job; a DataStream job may call it with
     * {@code env.getConfiguration()} (else its readers decide from the TaskManager's configuration,
     * and ack on checkpoints when that does not set a checkpoint interval).
     */
    @Override
    public NatsJetStreamSource<T> forJob(ReadableConfig jobConfiguration) {
        NatsSourceConfig resolved = config.forJob(jobConfiguration, true, true);
        return resolved == config
                ? this
                : new NatsJetStreamSource<>(resolved, deserializer, latestStart, limit);
    }

    @Override
    public Boundedness getBoundedness() {
        return config.boundedMode() == BoundedMode.LATEST
                ? Boundedness.BOUNDED
                : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Internal
    @Override
    public SourceReader<T, NatsSubjectSplit> createReader(SourceReaderContext context)
            throws Exception {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }
                });
        return NatsSourceReader.create(config, deserializer, context, new RecordLimit(limit));
    }

    @Internal
    @Override
    public SplitEnumerator<NatsSubjectSplit, NatsEnumState> createEnumerator(
            SplitEnumeratorContext<NatsSubjectSplit> context) {
        return restoreEnumerator(context, null);
    }

    @Internal
    @Override
    public SplitEnumerator<NatsSubjectSplit, NatsEnumState> restoreEnumerator(
            SplitEnumeratorContext<NatsSubjectSplit> context, NatsEnumState state) {
        return new NatsSourceEnumerator(
                context,
                config.splitSubjects(),
                getBoundedness(),
                new JetStreamSplitPlanner(config, latestStart),
                state);
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<NatsSubjectSplit> getSplitSerializer() {
        return NatsSubjectSplitSerializer.INSTANCE;
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<NatsEnumState> getEnumeratorCheckpointSerializer() {
        return new NatsEnumStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    @VisibleForTesting
    NatsSourceConfig config() {
        return config;
    }

    @VisibleForTesting
    Instant latestStart() {
        return latestStart;
    }

    /** The records each reader emits at most; {@link RecordLimit#UNLIMITED} if no limit. */
    @Internal
    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "NatsJetStreamSource{"
                + config
                + ", latestStart="
                + latestStart
                + (limit == RecordLimit.UNLIMITED ? "" : ", limit=" + limit)
                + '}';
    }
}
