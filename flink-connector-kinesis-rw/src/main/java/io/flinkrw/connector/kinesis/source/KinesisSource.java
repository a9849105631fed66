package io.flinkrw.connector.kinesis.source;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.source.enumerator.KinesisSourceEnumState;
import io.flinkrw.connector.kinesis.source.enumerator.KinesisSourceEnumStateSerializer;
import io.flinkrw.connector.kinesis.source.enumerator.KinesisSourceEnumerator;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxy;
import io.flinkrw.connector.kinesis.source.proxy.FanOutStreamProxyFactory;
import io.flinkrw.connector.kinesis.source.proxy.StreamProxyFactory;
import io.flinkrw.connector.kinesis.source.reader.FanOutShardFetcher;
import io.flinkrw.connector.kinesis.source.reader.FanOutState;
import io.flinkrw.connector.kinesis.source.reader.KinesisRecordEmitter;
import io.flinkrw.connector.kinesis.source.reader.KinesisShardSplitReader;
import io.flinkrw.connector.kinesis.source.reader.KinesisSourceReader;
import io.flinkrw.connector.kinesis.source.reader.KinesisSourceReaderMetrics;
import io.flinkrw.connector.kinesis.source.reader.PollingShardFetcher;
import io.flinkrw.connector.kinesis.source.reader.ShardFetcher;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import javax.annotation.Nullable;

import java.time.Instant;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A source that reads an Amazon Kinesis data stream with RisingWave's options and meanings, exactly
 * once: one split per shard, parents read before their children, each shard resuming just after the
 * last record it emitted.
 *
 * <pre>{@code
 * KinesisSource<String> source = KinesisSource.<String>builder()
 *     .setStream("orders")
 *     .setRegion("us-east-1")
 *     .setStartFromLatest()
 *     .setValueOnlyDeserializer(new SimpleStringSchema())
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kinesis orders");
 * }</pre>
 *
 * <p>{@code latest} means the instant {@link KinesisSourceBuilder#build()} ran: every restart of
 * the job, also before its first checkpoint, starts the shards it has no state for there.
 *
 * <p>Records are fetched by polling (GetRecords) or, with {@code kinesis.reader.type = efo}, by
 * enhanced fan-out (SubscribeToShard through a stream consumer); everything else is the same.
 * Records in the Kinesis Producer Library's aggregated format are read as their user records.
 *
 * @param <T> the values produced
 */
@PublicEvolving
public final class KinesisSource<T>
        implements Source<T, KinesisShardSplit, KinesisSourceEnumState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final KinesisSourceConfig config;
    private final KinesisDeserializationSchema<T> deserializer;
    private final Instant startupInstant;
    private final StreamProxyFactory proxyFactory;
    private final FanOutStreamProxyFactory fanOutProxyFactory;
    private final long limit;
    private final boolean childrenOnTheirParentsReader;

    KinesisSource(
            KinesisSourceConfig config,
            KinesisDeserializationSchema<T> deserializer,
            Instant startupInstant,
            StreamProxyFactory proxyFactory,
            FanOutStreamProxyFactory fanOutProxyFactory,
            long limit,
            boolean childrenOnTheirParentsReader) {
        this.childrenOnTheirParentsReader = childrenOnTheirParentsReader;
        this.config = checkNotNull(config);
        this.deserializer = checkNotNull(deserializer);
        this.startupInstant = checkNotNull(startupInstant);
        this.proxyFactory = checkNotNull(proxyFactory);
        this.fanOutProxyFactory = checkNotNull(fanOutProxyFactory);
        this.limit = config.isBounded() ? limit : RecordLimit.UNLIMITED;
    }

    /** A builder; the type of the values comes from the deserializer. */
    public static <T> KinesisSourceBuilder<T> builder() {
        return new KinesisSourceBuilder<>();
    }

    /** A source for validated settings, pinning {@code latest} to now (the table source). */
    @Internal
    public static <T> KinesisSource<T> create(
            KinesisSourceConfig config, KinesisDeserializationSchema<T> deserializer) {
        return create(config, deserializer, RecordLimit.UNLIMITED, false);
    }

    /**
     * As {@link #create(KinesisSourceConfig, KinesisDeserializationSchema)}; a bounded source's
     * readers each stop after {@code limit} records (a table's pushed-down {@code LIMIT}); an
     * upsert changelog ({@code keyOrderAcrossReshards}) reads a child shard on its parent's reader.
     */
    @Internal
    public static <T> KinesisSource<T> create(
            KinesisSourceConfig config,
            KinesisDeserializationSchema<T> deserializer,
            long limit,
            boolean keyOrderAcrossReshards) {
        return new KinesisSource<>(
                config,
                deserializer,
                Instant.now(),
                StreamProxyFactory.kinesis(),
                FanOutStreamProxyFactory.kinesis(),
                limit,
                keyOrderAcrossReshards);
    }

    @Override
    public Boundedness getBoundedness() {
        return config.isBounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Internal
    @Override
    public SourceReader<T, KinesisShardSplit> createReader(SourceReaderContext readerContext)
            throws Exception {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return readerContext.metricGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return readerContext.getUserCodeClassLoader();
                    }
                });
        KinesisSourceReaderMetrics metrics =
                new KinesisSourceReaderMetrics(readerContext.metricGroup(), config.stream());
        FanOutState fanOutState = config.fanOut() != null ? new FanOutState() : null;
        RecordLimit recordLimit = new RecordLimit(limit);
        return new KinesisSourceReader<>(
                () ->
                        new KinesisShardSplitReader(
                                createFetcher(fanOutState),
                                metrics,
                                config.kplDeaggregation(),
                                recordLimit),
                new KinesisRecordEmitter<>(
                        deserializer,
                        readerContext.metricGroup().getIOMetricGroup().getNumBytesInCounter(),
                        recordLimit),
                readerContext.getConfiguration(),
                readerContext,
                metrics,
                fanOutState);
    }

    /** The fetch strategy: enhanced fan-out when configured, else polling. */
    private ShardFetcher createFetcher(@Nullable FanOutState fanOutState) {
        if (fanOutState == null) {
            return new PollingShardFetcher(
                    proxyFactory.create(config.client()), config.stream(), config.polling());
        }
        FanOutStreamProxy fanOut = fanOutProxyFactory.create(config.client());
        try {
            return new FanOutShardFetcher(
                    fanOut,
                    proxyFactory.create(config.client()),
                    config.stream(),
                    config.fanOut(),
                    fanOutState);
        } catch (RuntimeException e) {
            fanOut.close();
            throw e;
        }
    }

    @Internal
    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> enumContext) {
        return restoreEnumerator(enumContext, KinesisSourceEnumState.initial());
    }

    @Internal
    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> enumContext,
            KinesisSourceEnumState checkpoint) {
        return new KinesisSourceEnumerator(
                enumContext,
                config,
                proxyFactory.create(config.client()),
                startupInstant,
                checkpoint,
                childrenOnTheirParentsReader);
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<KinesisShardSplit> getSplitSerializer() {
        return KinesisShardSplitSerializer.INSTANCE;
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<KinesisSourceEnumState> getEnumeratorCheckpointSerializer() {
        return new KinesisSourceEnumStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    /** The validated settings. */
    @Internal
    public KinesisSourceConfig config() {
        return config;
    }

    /** The instant {@code latest} refers to. */
    @Internal
    public Instant startupInstant() {
        return startupInstant;
    }

    /** Whether a child shard is read by the reader that read its parent. */
    @Internal
    public boolean childrenOnTheirParentsReader() {
        return childrenOnTheirParentsReader;
    }

    /** The records each reader emits at most; {@link RecordLimit#UNLIMITED} if no limit. */
    @Internal
    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "KinesisSource{" + config + ", deserializer=" + deserializer + '}';
    }
}
