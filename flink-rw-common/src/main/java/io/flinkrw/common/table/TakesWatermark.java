package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;

/**
 * A table source of ours that generates the watermark of a {@code WATERMARK FOR ... AS <expr>}
 * itself, per split, from the strategy the planner pushes into its {@link TableSourcePushDowns}. A
 * connector's table source class implements it unless push-downs are switched off ({@link
 * PushDownAbilities#NONE}); the planner then assigns the watermark in an operator after the scan.
 */
@Internal
public interface TakesWatermark extends SupportsWatermarkPushDown {

    /** What the planner pushed into the source. */
    TableSourcePushDowns pushDowns();

    @Override
    default void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        pushDowns().applyWatermark(watermarkStrategy);
    }
}
