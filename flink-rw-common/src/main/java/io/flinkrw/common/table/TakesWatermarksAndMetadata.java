package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import java.util.List;

/**
 * A table source of ours that takes the planner's metadata columns, watermark strategy and source
 * watermark into its {@link TableSourcePushDowns}; every one of our table sources does.
 */
@Internal
public interface TakesWatermarksAndMetadata
        extends SupportsReadingMetadata, SupportsWatermarkPushDown, SupportsSourceWatermark {

    /** What the planner pushed into the source. */
    TableSourcePushDowns pushDowns();

    @Override
    default void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        pushDowns().applyReadableMetadata(metadataKeys, producedDataType);
    }

    @Override
    default void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        pushDowns().applyWatermark(watermarkStrategy);
    }

    @Override
    default void applySourceWatermark() {
        pushDowns().applySourceWatermark();
    }
}
