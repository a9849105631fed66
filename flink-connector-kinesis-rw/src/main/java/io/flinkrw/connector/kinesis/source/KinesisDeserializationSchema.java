package io.flinkrw.connector.kinesis.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a {@link KinesisRecord} into zero or more values, seeing its payload and its partition key,
 * shard id, sequence number and arrival time. {@link #valueOnly} adapts a plain {@link
 * DeserializationSchema} that sees the payload only.
 *
 * @param <T> the values produced
 */
@PublicEvolving
public interface KinesisDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {

    /**
     * Called once per reader before the first record. The context's metric group is the reader's
     * own {@code SourceReaderMetricGroup}.
     */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    /**
     * Decodes {@code record} into {@code out}; an exception fails the job (or the format skips).
     */
    void deserialize(KinesisRecord record, Collector<T> out) throws IOException;

    /** A schema that decodes the payload with {@code valueSchema} and ignores the rest. */
    static <T> KinesisDeserializationSchema<T> valueOnly(DeserializationSchema<T> valueSchema) {
        return new ValueOnlyDeserializationSchema<>(valueSchema);
    }
}
