package io.flinkrw.e2e.bench.sources;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;

/**
 * The messages the benchmarks write. Throughput payloads carry their index in the first 8 bytes;
 * latency payloads carry the publish time (epoch microseconds), a phase byte (warm-up or measured)
 * and their index. The rest is filler, the same for every payload of a size.
 */
final class BenchPayloads {

    static final byte WARM_UP = 0;
    static final byte MEASURED = 1;

    private static final int HEADER = 17;

    private BenchPayloads() {}

    /** A throughput payload of {@code size} bytes holding {@code index}. */
    static byte[] indexed(long index, int size) {
        byte[] payload = filler(size);
        ByteBuffer.wrap(payload).putLong(0, index);
        return payload;
    }

    /** A latency payload stamped now. */
    static byte[] timed(long index, byte phase, int size) {
        byte[] payload = filler(size);
        ByteBuffer.wrap(payload).putLong(0, nowMicros()).put(8, phase).putLong(9, index);
        return payload;
    }

    static long index(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    static long publishMicros(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    static byte phase(byte[] payload) {
        return payload[8];
    }

    static long latencyIndex(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(9);
    }

    /** The wall clock in microseconds: comparable between the JVMs of this machine. */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static byte[] filler(int size) {
        if (size < HEADER) {
            throw new IllegalArgumentException("Payloads need at least " + HEADER + " bytes");
        }
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        return payload;
    }
}
