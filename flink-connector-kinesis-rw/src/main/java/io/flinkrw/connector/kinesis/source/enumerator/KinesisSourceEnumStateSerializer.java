package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes {@link KinesisSourceEnumState}. The splits inside are written with the split
 * serializer, whose version is stored once, so each part evolves on its own.
 *
 * <ul>
 *   <li>Version 1: last seen shard id (flag + text), split serializer version, then the splits,
 *       each as an assigned flag, a length and the split's bytes.
 *   <li>Version 2: as version 1, then the ARN of the stream consumer the source registered (flag +
 *       text).
 *   <li>Version 3: as version 2, then the stream the positions belong to (flag, then its ARN as
 *       text and its creation time as a flag + long in milliseconds).
 * </ul>
 */
@Internal
public final class KinesisSourceEnumStateSerializer
        implements SimpleVersionedSerializer<KinesisSourceEnumState> {

    public static final int VERSION_1 = 1;
    public static final int VERSION_2 = 2;
    public static final int VERSION_3 = 3;
    public static final int CURRENT_VERSION = VERSION_3;

    private final KinesisShardSplitSerializer splitSerializer =
            KinesisShardSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(KinesisSourceEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeBoolean(state.lastSeenShardId() != null);
        if (state.lastSeenShardId() != null) {
            out.writeUTF(state.lastSeenShardId());
        }
        out.writeInt(splitSerializer.getVersion());
        out.writeInt(state.assignedSplits().size() + state.unassignedSplits().size());
        for (KinesisShardSplit split : state.assignedSplits()) {
            writeSplit(out, split, true);
        }
        for (KinesisShardSplit split : state.unassignedSplits()) {
            writeSplit(out, split, false);
        }
        out.writeBoolean(state.registeredConsumerArn() != null);
        if (state.registeredConsumerArn() != null) {
            out.writeUTF(state.registeredConsumerArn());
        }
        StreamIdentity stream = state.stream();
        out.writeBoolean(stream != null);
        if (stream != null) {
            out.writeUTF(stream.arn());
            out.writeBoolean(stream.creationMillis() != null);
            if (stream.creationMillis() != null) {
                out.writeLong(stream.creationMillis());
            }
        }
        return out.getCopyOfBuffer();
    }

    private void writeSplit(DataOutputSerializer out, KinesisShardSplit split, boolean assigned)
            throws IOException {
        byte[] bytes = splitSerializer.serialize(split);
        out.writeBoolean(assigned);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public KinesisSourceEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version < VERSION_1 || version > CURRENT_VERSION) {
            throw new IOException(
                    String.format(
                            "Cannot read a Kinesis enumerator state of version %d: this"
                                    + " serializer reads versions 1 to %d.",
                            version, CURRENT_VERSION));
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String lastSeenShardId = in.readBoolean() ? in.readUTF() : null;
        int splitVersion = in.readInt();
        int count = in.readInt();
        List<KinesisShardSplit> assigned = new ArrayList<>();
        List<KinesisShardSplit> unassigned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean isAssigned = in.readBoolean();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            KinesisShardSplit split = splitSerializer.deserialize(splitVersion, bytes);
            (isAssigned ? assigned : unassigned).add(split);
        }
        String registeredConsumerArn = null;
        if (version >= VERSION_2 && in.readBoolean()) {
            registeredConsumerArn = in.readUTF();
        }
        StreamIdentity stream = null;
        if (version >= VERSION_3 && in.readBoolean()) {
            String arn = in.readUTF();
            stream = new StreamIdentity(arn, in.readBoolean() ? in.readLong() : null);
        }
        if (in.available() > 0) {
            throw new IOException(
                    "Unexpected "
                            + in.available()
                            + " trailing bytes in a Kinesis enumerator state");
        }
        return new KinesisSourceEnumState(
                lastSeenShardId, assigned, unassigned, registeredConsumerArn, stream);
    }
}
