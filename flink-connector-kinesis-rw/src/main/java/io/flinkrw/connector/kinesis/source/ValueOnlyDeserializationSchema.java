package io.flinkrw.connector.kinesis.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.io.IOException;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** A {@link KinesisDeserializationSchema} that decodes the payload with a Flink schema. */
@Internal
final class ValueOnlyDeserializationSchema<T> implements KinesisDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<T> valueSchema;

    ValueOnlyDeserializationSchema(DeserializationSchema<T> valueSchema) {
        this.valueSchema = checkNotNull(valueSchema, "valueSchema");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public void deserialize(KinesisRecord record, Collector<T> out) throws IOException {
        valueSchema.deserialize(record.data(), out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return valueSchema.getProducedType();
    }

    @Override
    public String toString() {
        return "valueOnly(" + valueSchema + ")";
    }
}
