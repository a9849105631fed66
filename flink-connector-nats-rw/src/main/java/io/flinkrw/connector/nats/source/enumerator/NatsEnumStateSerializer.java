package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serializes {@link NatsEnumState}. Version 1: the assigned split ids (count, UTF each), then the
 * split serializer's version and the pending splits (count, each in that version's layout).
 */
@Internal
public final class NatsEnumStateSerializer implements SimpleVersionedSerializer<NatsEnumState> {

    static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    private final NatsSubjectSplitSerializer splitSerializer = NatsSubjectSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(NatsEnumState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Set<String> assigned = new TreeSet<>(state.assignedSplitIds());
            out.writeInt(assigned.size());
            for (String id : assigned) {
                out.writeUTF(id);
            }
            out.writeInt(splitSerializer.getVersion());
            out.writeInt(state.pendingSplits().size());
            for (NatsSubjectSplit split : state.pendingSplits()) {
                splitSerializer.write(split, out);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public NatsEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException(
                    String.format(
                            "NATS enumerator state serialized with version %d cannot be read:"
                                    + " this serializer reads versions up to %d.",
                            version, CURRENT_VERSION));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int assignedCount = in.readInt();
            Set<String> assigned = new HashSet<>();
            for (int i = 0; i < assignedCount; i++) {
                assigned.add(in.readUTF());
            }
            int splitVersion = in.readInt();
            int pendingCount = in.readInt();
            List<NatsSubjectSplit> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                pending.add(splitSerializer.read(splitVersion, in));
            }
            return new NatsEnumState(assigned, pending);
        }
    }
}
