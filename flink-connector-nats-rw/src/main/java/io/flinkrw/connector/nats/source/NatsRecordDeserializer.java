package io.flinkrw.connector.nats.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a {@link NatsRecord} (payload plus subject, headers, stream sequence and timestamp) into
 * zero or more elements of the source's output.
 *
 * @param <T> the produced type
 */
@PublicEvolving
public interface NatsRecordDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

    /**
     * Called once per reader before the first record; the context's metric group is the reader's
     * own {@code SourceReaderMetricGroup}.
     */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    /** Decodes {@code record}; an exception fails the job, naming the split and the sequence. */
    void deserialize(NatsRecord record, Collector<T> out) throws IOException;

    /** A deserializer that decodes the payload only, with a Flink {@link DeserializationSchema}. */
    static <T> NatsRecordDeserializer<T> valueOnly(DeserializationSchema<T> schema) {
        return new PayloadDeserializer<>(schema);
    }
}
