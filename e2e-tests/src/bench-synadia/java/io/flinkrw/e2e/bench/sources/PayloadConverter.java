package io.flinkrw.e2e.bench.sources;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import io.nats.client.Message;
import io.synadia.flink.message.SourceConverter;

/**
 * Hands on the message payload as it is. (The connector's own {@code ByteArraySourceConverter}
 * boxes every byte into a {@code Byte[]}, which would only slow it down.)
 */
public final class PayloadConverter implements SourceConverter<byte[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] convert(Message message) {
        return message.getData();
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
