package io.flinkrw.connector.nats.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Serializes {@link NatsSubjectSplit}s. Version 1: stream (UTF), subject (UTF), start kind (byte),
 * start value (long), stopping sequence (long). Every version ever written stays readable.
 */
@Internal
public final class NatsSubjectSplitSerializer
        implements SimpleVersionedSerializer<NatsSubjectSplit> {

    public static final NatsSubjectSplitSerializer INSTANCE = new NatsSubjectSplitSerializer();

    static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(NatsSubjectSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code split} in the current version's layout. */
    public void write(NatsSubjectSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.stream());
        out.writeUTF(split.subject());
        out.writeByte(split.startPosition().kind().code);
        out.writeLong(split.startPosition().value());
        out.writeLong(split.stoppingSequence());
    }

    @Override
    public NatsSubjectSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(version, in);
        }
    }

    /** Reads a split written in {@code version}'s layout. */
    public NatsSubjectSplit read(int version, DataInputStream in) throws IOException {
        if (version != VERSION_1) {
            throw new IOException(
                    String.format(
                            "NATS splits serialized with version %d cannot be read: this"
                                    + " serializer reads versions up to %d.",
                            version, CURRENT_VERSION));
        }
        String stream = in.readUTF();
        String subject = in.readUTF();
        StartPosition.Kind kind = StartPosition.Kind.of(in.readByte());
        long value = in.readLong();
        long stoppingSequence = in.readLong();
        return new NatsSubjectSplit(
                stream, subject, StartPosition.of(kind, value), stoppingSequence);
    }
}
