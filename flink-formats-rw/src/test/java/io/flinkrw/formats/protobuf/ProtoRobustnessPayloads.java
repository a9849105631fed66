package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.RobustnessSubject;
import io.flinkrw.formats.RwDecodingFormat;
import io.flinkrw.formats.protobuf.testdata.AllTypes;
import io.flinkrw.formats.protobuf.testdata.common.Address;
import io.flinkrw.formats.protobuf.testdata.common.Kind;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** rw-protobuf under the robustness test: every kind of field of {@code shop.v1.AllTypes}. */
public final class ProtoRobustnessPayloads {

    private ProtoRobustnessPayloads() {}

    public static RobustnessSubject subject(long seed) {
        ProtoTableSchema schema = ProtoTestSchemas.schema("shop.v1.AllTypes");
        RowType columns = schema.impliedRowType();
        return new RobustnessSubject() {
            @Override
            public DeserializationSchema<RowData> deserializer(boolean ignore) {
                return new RwProtobufDeserializationSchema(
                        schema,
                        columns,
                        RwDecodingFormat.allFields(columns),
                        ignore,
                        InternalTypeInfo.of(columns));
            }

            @Override
            public List<byte[]> validPayloads() {
                Random random = new Random(seed);
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    AllTypes.Builder message =
                            AllTypes.newBuilder()
                                    .setFDouble(random.nextDouble())
                                    .setFFloat(random.nextFloat())
                                    .setFInt32(random.nextInt())
                                    .setFInt64(random.nextLong())
                                    .setFUint32(random.nextInt())
                                    .setFUint64(random.nextLong())
                                    .setFSint32(random.nextInt())
                                    .setFSint64(random.nextLong())
                                    .setFFixed32(random.nextInt())
                                    .setFFixed64(random.nextLong())
                                    .setFSfixed32(random.nextInt())
                                    .setFSfixed64(random.nextLong())
                                    .setFBool(random.nextBoolean())
                                    .setFString("s-" + i + "-é")
                                    .setFBytes(ByteString.copyFrom(new byte[] {(byte) i, 0, -1}))
                                    .setFEnum(Kind.forNumber(i % 3))
                                    .setFMessage(Address.newBuilder().setCity("c").setZip(i))
                                    .addRInt64(i)
                                    .addRInt64(-i)
                                    .addRString("r")
                                    .addRMessage(Address.newBuilder().setCity("r"))
                                    .addREnum(Kind.BUY)
                                    .putMStringInt64("k" + i, i)
                                    .putMInt32Message(i, Address.newBuilder().setZip(1).build())
                                    .setFTimestamp(
                                            Timestamp.newBuilder()
                                                    .setSeconds(random.nextInt())
                                                    .setNanos(random.nextInt(1_000_000_000)))
                                    .setFAny(Any.pack(Address.getDefaultInstance()))
                                    .addRUnpacked(i);
                    if (i % 2 == 0) {
                        message.setOText("t");
                    } else {
                        message.setOAddress(Address.newBuilder().setCity("o"));
                    }
                    payloads.add(message.build().toByteArray());
                }
                payloads.add(new byte[0]);
                return payloads;
            }
        };
    }
}
