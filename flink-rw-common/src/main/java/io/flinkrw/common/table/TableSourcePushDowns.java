package io.flinkrw.common.table;

import io.flinkrw.common.source.RecordLimit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Preconditions;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the planner pushed into a table source of ours: the projection of the physical columns, the
 * metadata columns, the watermark (an expression's strategy, or {@code SOURCE_WATERMARK()}) and a
 * limit. Each table source keeps one, copies it with itself, and builds its runtime source from it:
 * the payload decoder ({@link #payloadDecoder}), the watermark strategy the source applies per
 * split ({@link #watermarkStrategy}) and the per-reader record limit ({@link #limit}).
 */
@Internal
public final class TableSourcePushDowns {

    private final DataType physicalDataType;

    @Nullable private int[][] projection;
    private List<String> metadataKeys = List.of();
    private DataType producedDataType;
    @Nullable private WatermarkStrategy<RowData> watermarkStrategy;
    private boolean sourceWatermark;
    private long limit = RecordLimit.UNLIMITED;

    public TableSourcePushDowns(DataType physicalDataType) {
        this.physicalDataType = physicalDataType;
        this.producedDataType = physicalDataType;
    }

    /** {@code SupportsProjectionPushDown}: the physical columns to produce (paths may nest). */
    public void applyProjection(int[][] projectedPhysicalFields) {
        this.projection = projectedPhysicalFields;
    }

    /** {@code SupportsReadingMetadata}: the metadata keys, in order, and the produced row type. */
    public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(keys);
        this.producedDataType = producedDataType;
    }

    /** {@code SupportsWatermarkPushDown}: the strategy of a {@code WATERMARK FOR ... AS expr}. */
    public void applyWatermark(WatermarkStrategy<RowData> strategy) {
        this.watermarkStrategy = Preconditions.checkNotNull(strategy);
        this.sourceWatermark = false;
    }

    /** {@code SupportsSourceWatermark}: {@code WATERMARK FOR ... AS SOURCE_WATERMARK()}. */
    public void applySourceWatermark() {
        this.sourceWatermark = true;
        this.watermarkStrategy = null;
    }

    /** {@code SupportsLimitPushDown}: at most this many records per reader. */
    public void applyLimit(long limit) {
        Preconditions.checkArgument(limit >= 0, "Negative limit %s", limit);
        this.limit = limit;
    }

    /**
     * Whether a source with this changelog may take a limit ({@code SupportsLimitPushDown}): only
     * an insert-only one. The planner normalizes an upsert or retracting changelog above the scan,
     * where a reader that stopped after n rows would leave keys at stale values. Without the
     * push-down, Flink's own limit above the source still applies.
     */
    public static boolean canPushLimit(ChangelogMode sourceChangelog) {
        return sourceChangelog.containsOnly(RowKind.INSERT);
    }

    /**
     * Whether a source with this changelog may take a filter on what it reads ({@code
     * SupportsFilterPushDown}): only an insert-only one. The planner applies pushed filters below
     * the normalization of an upsert or retracting changelog, where a source that skips some
     * records would hide a key's newer row (or its delete) and leave an older one as the answer.
     */
    public static boolean canPushFilters(ChangelogMode sourceChangelog) {
        return sourceChangelog.containsOnly(RowKind.INSERT);
    }

    /**
     * Whether a source with this changelog and {@code scan.parallelism} may take the planner's
     * projection ({@code SupportsProjectionPushDown}). Not when the changelog is not insert-only
     * and the parallelism is set: Flink's planner then partitions the source's output by the
     * primary key, taking the key's positions in the full physical row, which a projection moves (a
     * query of fewer columns fails, a reordering one partitions by the wrong column).
     */
    public static boolean canPushProjection(
            ChangelogMode sourceChangelog, @Nullable Integer parallelism) {
        return parallelism == null || sourceChangelog.containsOnly(RowKind.INSERT);
    }

    /** The metadata keys the produced rows end with, in order. */
    public List<String> metadataKeys() {
        return metadataKeys;
    }

    /** The type of the rows the source produces: projected physical columns, then metadata. */
    public DataType producedDataType() {
        return producedDataType;
    }

    /** The pushed projection of the physical columns; null when every column is produced. */
    @Nullable
    public int[][] projection() {
        return projection;
    }

    /** The limit per reader; {@link RecordLimit#UNLIMITED} if none was pushed. */
    public long limit() {
        return limit;
    }

    /** Whether the table's watermark is {@code SOURCE_WATERMARK()}. */
    public boolean isSourceWatermark() {
        return sourceWatermark;
    }

    /** The decoder of the projected physical columns (see {@link ProjectedPayloadFormat}). */
    public DeserializationSchema<RowData> payloadDecoder(
            DecodingFormat<DeserializationSchema<RowData>> format,
            DynamicTableSource.Context context) {
        return ProjectedPayloadFormat.createDecoder(format, context, physicalDataType, projection);
    }

    /**
     * The strategy the source applies to each split: the pushed expression's, the broker time for
     * {@code SOURCE_WATERMARK()}, or none.
     */
    public WatermarkStrategy<RowData> watermarkStrategy(SourceWatermarkOptions sourceOptions) {
        if (sourceWatermark) {
            return sourceOptions.strategy();
        }
        return watermarkStrategy != null ? watermarkStrategy : WatermarkStrategy.noWatermarks();
    }

    /** An independent copy, for the table source's {@code copy()}. */
    public TableSourcePushDowns copy() {
        TableSourcePushDowns copy = new TableSourcePushDowns(physicalDataType);
        copy.projection = projection;
        copy.metadataKeys = metadataKeys;
        copy.producedDataType = producedDataType;
        copy.watermarkStrategy = watermarkStrategy;
        copy.sourceWatermark = sourceWatermark;
        copy.limit = limit;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TableSourcePushDowns)) {
            return false;
        }
        TableSourcePushDowns that = (TableSourcePushDowns) o;
        return physicalDataType.equals(that.physicalDataType)
                && Arrays.deepEquals(projection, that.projection)
                && metadataKeys.equals(that.metadataKeys)
                && producedDataType.equals(that.producedDataType)
                && Objects.equals(watermarkStrategy, that.watermarkStrategy)
                && sourceWatermark == that.sourceWatermark
                && limit == that.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                physicalDataType,
                Arrays.deepHashCode(projection),
                metadataKeys,
                producedDataType,
                sourceWatermark,
                limit);
    }

    @Override
    public String toString() {
        return "TableSourcePushDowns{projection="
                + (projection == null ? "all" : Arrays.deepToString(projection))
                + ", metadata="
                + metadataKeys
                + ", watermark="
                + (sourceWatermark ? "SOURCE_WATERMARK()" : watermarkStrategy)
                + ", limit="
                + (limit == RecordLimit.UNLIMITED ? "none" : limit)
                + '}';
    }
}
