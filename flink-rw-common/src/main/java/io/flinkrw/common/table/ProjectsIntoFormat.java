package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * A table source of ours that takes the planner's projection into its {@link TableSourcePushDowns}
 * (and so into the format, see {@link ProjectedPayloadFormat}). A connector's table source class
 * implements it only where {@link PushDownAbilities} allows.
 */
@Internal
public interface ProjectsIntoFormat extends SupportsProjectionPushDown {

    /** What the planner pushed into the source. */
    TableSourcePushDowns pushDowns();

    /** The table's format. */
    DecodingFormat<DeserializationSchema<RowData>> decodingFormat();

    @Override
    default boolean supportsNestedProjection() {
        return ProjectedPayloadFormat.supportsNestedProjection(decodingFormat());
    }

    @Override
    default void applyProjection(int[][] projectedFields, DataType producedDataType) {
        pushDowns().applyProjection(projectedFields);
    }
}
