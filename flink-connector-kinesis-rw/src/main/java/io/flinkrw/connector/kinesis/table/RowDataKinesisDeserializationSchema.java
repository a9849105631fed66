package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.table.TableRowDeserializer;
import io.flinkrw.connector.kinesis.source.KinesisDeserializationSchema;
import io.flinkrw.connector.kinesis.source.KinesisRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import java.io.IOException;

/** The table source's records: payload columns by the table's format, then metadata columns. */
@Internal
final class RowDataKinesisDeserializationSchema implements KinesisDeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final TableRowDeserializer<KinesisRecord> rows;
    private final TypeInformation<RowData> producedType;

    RowDataKinesisDeserializationSchema(
            TableRowDeserializer<KinesisRecord> rows, TypeInformation<RowData> producedType) {
        this.rows = rows;
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        rows.open(context);
    }

    @Override
    public void deserialize(KinesisRecord record, Collector<RowData> out) throws IOException {
        rows.deserialize(record, out);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
