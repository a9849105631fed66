package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.types.DataType;

import java.util.List;

/**
 * A table source of ours that takes the planner's metadata columns and {@code SOURCE_WATERMARK()}
 * into its {@link TableSourcePushDowns}. Every one of our table sources does, whatever {@link
 * PushDownOptions#SCAN_PUSH_DOWN_ENABLED} says: only the source can read a record's metadata and
 * broker time.
 */
@Internal
public interface TakesMetadataAndSourceWatermark
        extends SupportsReadingMetadata, SupportsSourceWatermark {

    /** What the planner pushed into the source. */
    TableSourcePushDowns pushDowns();

    @Override
    default void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        pushDowns().applyReadableMetadata(metadataKeys, producedDataType);
    }

    @Override
    default void applySourceWatermark() {
        pushDowns().applySourceWatermark();
    }
}
