package io.flinkrw.formats;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The decoding format of the rw formats: insert-only, projectable (nested fields included). The
 * schema was fetched when the format was created; the declared columns are checked against it when
 * the planner asks for the runtime decoder, which is still on the client side.
 */
public abstract class RwDecodingFormat
        implements ProjectableDecodingFormat<DeserializationSchema<RowData>> {

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public boolean supportsNestedProjection() {
        return true;
    }

    @Override
    public DeserializationSchema<RowData> createRuntimeDecoder(
            DynamicTableSource.Context context, DataType physicalDataType, int[][] projections) {
        RowType declared = (RowType) physicalDataType.getLogicalType();
        checkColumns(declared);
        DataType produced = Projection.of(projections).project(physicalDataType);
        return createDecoder(declared, projections, context.createTypeInformation(produced));
    }

    /** Checks the declared physical columns against the schema. */
    protected abstract void checkColumns(RowType declared);

    /** The deserializer producing {@code projections} of the declared columns. */
    protected abstract DeserializationSchema<RowData> createDecoder(
            RowType declared, int[][] projections, TypeInformation<RowData> producedType);

    /** Every field of {@code rowType}, top level, in order: no projection. */
    public static int[][] allFields(RowType rowType) {
        int[][] all = new int[rowType.getFieldCount()][];
        for (int i = 0; i < all.length; i++) {
            all[i] = new int[] {i};
        }
        return all;
    }
}
