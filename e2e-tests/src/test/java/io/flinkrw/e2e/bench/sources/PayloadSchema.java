package io.flinkrw.e2e.bench.sources;

import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;

/** Hands the message payload on as it is. */
final class PayloadSchema extends AbstractDeserializationSchema<byte[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] deserialize(byte[] message) {
        return message;
    }
}
