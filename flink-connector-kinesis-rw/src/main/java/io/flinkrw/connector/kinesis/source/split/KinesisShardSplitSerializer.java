package io.flinkrw.connector.kinesis.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes {@link KinesisShardSplit}s. Every version ever written stays readable: a new field
 * means a new version number, a new reading branch, and a byte fixture of the new version in the
 * compatibility test.
 *
 * <ul>
 *   <li>Version 1: shard id, parent ids, hash-key range, starting position (kind code, then a
 *       timestamp or a sequence number), stopping arrival time, finished flag.
 *   <li>Version 2: as version 1, and a position after a user record of a KPL aggregated record
 *       (kind 5) has the sub-sequence number (a long) after its sequence number.
 * </ul>
 */
@Internal
public final class KinesisShardSplitSerializer
        implements SimpleVersionedSerializer<KinesisShardSplit> {

    public static final int VERSION_1 = 1;
    public static final int VERSION_2 = 2;
    public static final int CURRENT_VERSION = VERSION_2;

    public static final KinesisShardSplitSerializer INSTANCE = new KinesisShardSplitSerializer();

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(KinesisShardSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public KinesisShardSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        KinesisShardSplit split = read(version, in);
        if (in.available() > 0) {
            throw new IOException(
                    "Unexpected " + in.available() + " trailing bytes in a shard split");
        }
        return split;
    }

    /** Writes {@code split} in the current version. */
    private static void write(KinesisShardSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.shardId());
        out.writeInt(split.parentShardIds().size());
        for (String parent : split.parentShardIds()) {
            out.writeUTF(parent);
        }
        out.writeUTF(split.startingHashKey());
        out.writeUTF(split.endingHashKey());
        StartingPosition position = split.startingPosition();
        out.writeByte(position.kind().code());
        if (position.kind().hasTimestamp()) {
            out.writeLong(position.timestampMillis());
        } else if (position.kind().hasSequenceNumber()) {
            out.writeUTF(position.sequenceNumber());
            if (position.kind().hasSubSequenceNumber()) {
                out.writeLong(position.subSequenceNumber());
            }
        }
        out.writeLong(split.stoppingArrivalMillis());
        out.writeBoolean(split.isFinished());
    }

    /** Reads a split written in {@code version}. */
    private static KinesisShardSplit read(int version, DataInputView in) throws IOException {
        if (version < VERSION_1 || version > CURRENT_VERSION) {
            throw new IOException(
                    String.format(
                            "Cannot read a Kinesis shard split of version %d: this serializer"
                                    + " reads versions 1 to %d.",
                            version, CURRENT_VERSION));
        }
        String shardId = in.readUTF();
        int parentCount = in.readInt();
        List<String> parents = new ArrayList<>(parentCount);
        for (int i = 0; i < parentCount; i++) {
            parents.add(in.readUTF());
        }
        String startingHashKey = in.readUTF();
        String endingHashKey = in.readUTF();
        StartingPosition.Kind kind = StartingPosition.Kind.ofCode(in.readByte());
        if (version == VERSION_1 && kind.hasSubSequenceNumber()) {
            throw new IOException("A version 1 shard split cannot hold position kind " + kind);
        }
        long timestamp = kind.hasTimestamp() ? in.readLong() : 0;
        String sequenceNumber = kind.hasSequenceNumber() ? in.readUTF() : null;
        long subSequenceNumber = kind.hasSubSequenceNumber() ? in.readLong() : -1;
        long stoppingArrivalMillis = in.readLong();
        boolean finished = in.readBoolean();
        return new KinesisShardSplit(
                shardId,
                parents,
                startingHashKey,
                endingHashKey,
                StartingPosition.of(kind, sequenceNumber, subSequenceNumber, timestamp),
                stoppingArrivalMillis,
                finished);
    }
}
