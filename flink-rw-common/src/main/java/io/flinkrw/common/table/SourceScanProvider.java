package io.flinkrw.common.table;

import io.flinkrw.common.source.AdaptsToJob;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.Optional;

/**
 * Runs a table's source with its watermark strategy inside the source operator, where Flink applies
 * it per split (a {@code SourceProvider} would get no watermark strategy: the planner would add a
 * watermark operator after the source, over all splits merged), with the table's {@code
 * scan.parallelism} when set.
 */
@Internal
public final class SourceScanProvider implements DataStreamScanProvider {

    private final Source<RowData, ?, ?> source;
    private final WatermarkStrategy<RowData> watermarkStrategy;
    private final String name;
    private final String uidSuffix;
    @Nullable private final Integer parallelism;

    /**
     * @param name the source operator's name
     * @param uidSuffix what the planner's generated uid of the source operator ends with
     * @param parallelism the source's own parallelism; null for the job's
     */
    public SourceScanProvider(
            Source<RowData, ?, ?> source,
            WatermarkStrategy<RowData> watermarkStrategy,
            String name,
            String uidSuffix,
            @Nullable Integer parallelism) {
        this.source = source;
        this.watermarkStrategy = watermarkStrategy;
        this.name = name;
        this.uidSuffix = uidSuffix;
        this.parallelism = parallelism;
    }

    @Override
    public DataStream<RowData> produceDataStream(
            ProviderContext providerContext, StreamExecutionEnvironment execEnv) {
        DataStreamSource<RowData> stream =
                execEnv.fromSource(forJob(source, execEnv), watermarkStrategy, name);
        providerContext.generateUid(uidSuffix).ifPresent(stream::uid);
        return stream;
    }

    /** {@code source}, adapted to the job when it {@link AdaptsToJob adapts}. */
    @SuppressWarnings("unchecked")
    private static Source<RowData, ?, ?> forJob(
            Source<RowData, ?, ?> source, StreamExecutionEnvironment execEnv) {
        return source instanceof AdaptsToJob
                ? ((AdaptsToJob<RowData>) source).forJob(execEnv.getConfiguration())
                : source;
    }

    @Override
    public boolean isBounded() {
        return source.getBoundedness() == Boundedness.BOUNDED;
    }

    @Override
    public Optional<Integer> getParallelism() {
        return Optional.ofNullable(parallelism);
    }

    /** The source it runs, for tests. */
    public Source<RowData, ?, ?> source() {
        return source;
    }

    /** The watermark strategy it gives the source, for tests. */
    public WatermarkStrategy<RowData> watermarkStrategy() {
        return watermarkStrategy;
    }
}
