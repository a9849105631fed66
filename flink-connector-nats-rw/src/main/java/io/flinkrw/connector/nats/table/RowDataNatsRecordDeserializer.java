package io.flinkrw.connector.nats.table;

import io.flinkrw.common.table.TableRowDeserializer;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import java.io.IOException;

/** Turns NATS records into table rows: payload through the format, then metadata columns. */
@Internal
final class RowDataNatsRecordDeserializer implements NatsRecordDeserializer<RowData> {

    private static final long serialVersionUID = 1L;

    private final TableRowDeserializer<NatsRecord> rows;
    private final TypeInformation<RowData> producedType;

    RowDataNatsRecordDeserializer(
            TableRowDeserializer<NatsRecord> rows, TypeInformation<RowData> producedType) {
        this.rows = rows;
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        rows.open(context);
    }

    @Override
    public void deserialize(NatsRecord record, Collector<RowData> out) throws IOException {
        rows.deserialize(record, out);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
