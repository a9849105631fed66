package io.flinkrw.common.table;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

import java.io.IOException;

/** Decodes every physical column with a format that cannot project, then keeps the selected. */
final class ProjectingDeserializationSchema implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> decoder;
    private final RowData.FieldGetter[] getters;
    private final TypeInformation<RowData> producedType;

    private transient ProjectingCollector collector;

    ProjectingDeserializationSchema(
            DeserializationSchema<RowData> decoder,
            RowType physicalType,
            int[] fields,
            TypeInformation<RowData> producedType) {
        this.decoder = decoder;
        this.getters = new RowData.FieldGetter[fields.length];
        for (int i = 0; i < fields.length; i++) {
            getters[i] = RowData.createFieldGetter(physicalType.getTypeAt(fields[i]), fields[i]);
        }
        this.producedType = producedType;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        decoder.open(context);
        collector = new ProjectingCollector(getters);
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        RowData row = decoder.deserialize(message);
        return row == null ? null : project(getters, row);
    }

    @Override
    public void deserialize(byte[] message, Collector<RowData> out) throws IOException {
        collector.out = out;
        try {
            decoder.deserialize(message, collector);
        } finally {
            collector.out = null;
        }
    }

    private static RowData project(RowData.FieldGetter[] getters, RowData row) {
        GenericRowData projected = new GenericRowData(row.getRowKind(), getters.length);
        for (int i = 0; i < getters.length; i++) {
            projected.setField(i, getters[i].getFieldOrNull(row));
        }
        return projected;
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    private static final class ProjectingCollector implements Collector<RowData> {
        private final RowData.FieldGetter[] getters;
        private Collector<RowData> out;

        ProjectingCollector(RowData.FieldGetter[] getters) {
            this.getters = getters;
        }

        @Override
        public void collect(RowData row) {
            out.collect(project(getters, row));
        }

        @Override
        public void close() {}
    }
}
