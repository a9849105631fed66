package io.flinkrw.connector.nats.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.io.IOException;

/** Decodes a record's payload with a {@link DeserializationSchema}. */
@Internal
final class PayloadDeserializer<T> implements NatsRecordDeserializer<T> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<T> schema;

    PayloadDeserializer(DeserializationSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        schema.open(context);
    }

    @Override
    public void deserialize(NatsRecord record, Collector<T> out) throws IOException {
        schema.deserialize(record.payload(), out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }
}
