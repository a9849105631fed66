package io.flinkrw.common.table;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Projection into formats that can project, and after formats that cannot. */
class ProjectedPayloadFormatTest {

    static final DataType PHYSICAL =
            DataTypes.ROW(
                    DataTypes.FIELD("a", DataTypes.STRING()),
                    DataTypes.FIELD("b", DataTypes.INT()),
                    DataTypes.FIELD("c", DataTypes.STRING()));

    /** Decodes "x;1;y" into a row of three columns, as a DELETE when it starts with '-'. */
    static final class WholeRowFormat implements DeserializationSchema<RowData> {
        @Override
        public RowData deserialize(byte[] message) {
            String text = new String(message, StandardCharsets.UTF_8);
            RowKind kind = text.startsWith("-") ? RowKind.DELETE : RowKind.INSERT;
            String[] parts = text.replace("-", "").split(";");
            return GenericRowData.ofKind(
                    kind,
                    StringData.fromString(parts[0]),
                    Integer.parseInt(parts[1]),
                    StringData.fromString(parts[2]));
        }

        @Override
        public boolean isEndOfStream(RowData nextElement) {
            return false;
        }

        @Override
        public TypeInformation<RowData> getProducedType() {
            return TypeInformation.of(RowData.class);
        }
    }

    /** A format that cannot project. */
    static final class PlainFormat implements DecodingFormat<DeserializationSchema<RowData>> {
        DataType requested;

        @Override
        public DeserializationSchema<RowData> createRuntimeDecoder(
                DynamicTableSource.Context context, DataType physicalDataType) {
            requested = physicalDataType;
            return new WholeRowFormat();
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.all();
        }
    }

    /** A format that projects, nested fields or not. */
    static final class ProjectingFormat
            implements ProjectableDecodingFormat<DeserializationSchema<RowData>> {
        final boolean nested;
        int[][] requested;

        ProjectingFormat(boolean nested) {
            this.nested = nested;
        }

        @Override
        public boolean supportsNestedProjection() {
            return nested;
        }

        @Override
        public DeserializationSchema<RowData> createRuntimeDecoder(
                DynamicTableSource.Context context,
                DataType physicalDataType,
                int[][] projections) {
            requested = projections;
            return new WholeRowFormat();
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }
    }

    static final DynamicTableSource.Context CONTEXT =
            new DynamicTableSource.Context() {
                @Override
                @SuppressWarnings("unchecked")
                public <T> TypeInformation<T> createTypeInformation(DataType producedDataType) {
                    return (TypeInformation<T>) TypeInformation.of(RowData.class);
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T> TypeInformation<T> createTypeInformation(
                        org.apache.flink.table.types.logical.LogicalType producedLogicalType) {
                    return (TypeInformation<T>) TypeInformation.of(RowData.class);
                }

                @Override
                public DynamicTableSource.DataStructureConverter createDataStructureConverter(
                        DataType producedDataType) {
                    throw new UnsupportedOperationException();
                }
            };

    private static DeserializationSchema<RowData> open(DeserializationSchema<RowData> schema)
            throws Exception {
        schema.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public UnregisteredMetricsGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public SimpleUserCodeClassLoader getUserCodeClassLoader() {
                        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
                    }
                });
        return schema;
    }

    private static List<RowData> collect(DeserializationSchema<RowData> schema, String payload)
            throws Exception {
        List<RowData> rows = new ArrayList<>();
        schema.deserialize(
                payload.getBytes(StandardCharsets.UTF_8),
                new Collector<>() {
                    @Override
                    public void collect(RowData row) {
                        rows.add(row);
                    }

                    @Override
                    public void close() {}
                });
        return rows;
    }

    @Test
    void aFormatThatCannotProjectDecodesEverythingAndTheColumnsArePicked() throws Exception {
        PlainFormat format = new PlainFormat();
        DeserializationSchema<RowData> decoder =
                open(
                        ProjectedPayloadFormat.createDecoder(
                                format, CONTEXT, PHYSICAL, new int[][] {{2}, {0}}));

        assertThat(format.requested).isEqualTo(PHYSICAL);
        assertThat(collect(decoder, "x;1;y"))
                .containsExactly(
                        GenericRowData.of(StringData.fromString("y"), StringData.fromString("x")));
        RowData deleted = decoder.deserialize("-p;2;q".getBytes(StandardCharsets.UTF_8));
        assertThat(deleted)
                .isEqualTo(
                        GenericRowData.ofKind(
                                RowKind.DELETE,
                                StringData.fromString("q"),
                                StringData.fromString("p")));
        assertThat(ProjectedPayloadFormat.supportsNestedProjection(format)).isFalse();
    }

    @Test
    void anEmptyProjectionGivesEmptyRows() throws Exception {
        DeserializationSchema<RowData> decoder =
                open(
                        ProjectedPayloadFormat.createDecoder(
                                new PlainFormat(), CONTEXT, PHYSICAL, new int[0][]));
        assertThat(collect(decoder, "x;1;y")).containsExactly(new GenericRowData(0));
    }

    @Test
    void aProjectableFormatGetsTheProjection() {
        ProjectingFormat nested = new ProjectingFormat(true);
        int[][] projection = {{1}, {2}};
        ProjectedPayloadFormat.createDecoder(nested, CONTEXT, PHYSICAL, projection);
        assertThat(nested.requested).isSameAs(projection);
        assertThat(ProjectedPayloadFormat.supportsNestedProjection(nested)).isTrue();
        assertThat(ProjectedPayloadFormat.supportsNestedProjection(new ProjectingFormat(false)))
                .isFalse();
    }

    @Test
    void withoutProjectionEveryColumnIsDecoded() {
        PlainFormat format = new PlainFormat();
        assertThat(ProjectedPayloadFormat.createDecoder(format, CONTEXT, PHYSICAL, null))
                .isInstanceOf(WholeRowFormat.class);
        assertThat(format.requested).isEqualTo(PHYSICAL);
    }
}
