package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

/**
 * The payload decoder of a table source for the physical columns the planner projected. A format
 * that can project ({@link ProjectableDecodingFormat}, such as the rw formats) decodes only those
 * columns, nested ones included when it supports nested projection; any other format decodes every
 * physical column and the selected ones are picked from its rows.
 */
@Internal
public final class ProjectedPayloadFormat {

    private ProjectedPayloadFormat() {}

    /**
     * Whether a source may accept nested projections for {@code format}: only if the format itself
     * projects nested fields; otherwise the planner pushes top-level columns only.
     */
    public static boolean supportsNestedProjection(DecodingFormat<?> format) {
        return format instanceof ProjectableDecodingFormat
                && ((ProjectableDecodingFormat<?>) format).supportsNestedProjection();
    }

    /**
     * The decoder producing {@code projection} of the physical columns.
     *
     * @param projection the planner's projection of the physical columns (nested paths only when
     *     {@link #supportsNestedProjection} holds), or null for every physical column
     */
    @SuppressWarnings("unchecked")
    public static DeserializationSchema<RowData> createDecoder(
            DecodingFormat<DeserializationSchema<RowData>> format,
            DynamicTableSource.Context context,
            DataType physicalDataType,
            @Nullable int[][] projection) {
        if (projection == null) {
            return format.createRuntimeDecoder(context, physicalDataType);
        }
        if (format instanceof ProjectableDecodingFormat) {
            return ((ProjectableDecodingFormat<DeserializationSchema<RowData>>) format)
                    .createRuntimeDecoder(context, physicalDataType, projection);
        }
        int[] topLevel = Projection.of(projection).toTopLevelIndexes();
        DataType produced = Projection.of(projection).project(physicalDataType);
        return new ProjectingDeserializationSchema(
                format.createRuntimeDecoder(context, physicalDataType),
                (RowType) physicalDataType.getLogicalType(),
                topLevel,
                context.createTypeInformation(produced));
    }
}
