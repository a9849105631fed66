package io.flinkrw.formats;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The decisions a payload writer makes, drawn from a list jqwik generates: every choice is the next
 * number of the list (zero once it is used up), so jqwik shrinks a failing payload by shrinking the
 * list towards fewer and smaller numbers.
 */
public final class Choices {

    private final List<Long> numbers;
    private int next;

    public Choices(List<Long> numbers) {
        this.numbers = numbers;
    }

    /** Lists of choices, mostly small numbers with extreme ones among them. */
    public static Arbitrary<List<Long>> lists() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 16)),
                        net.jqwik.api.Tuple.of(1, HostilePayloads.extremeLongs()))
                .list()
                .ofMaxSize(400);
    }

    /** The next number as it is. */
    public long next() {
        return next < numbers.size() ? numbers.get(next++) : 0;
    }

    /** A number in [0, n). */
    public int pick(int n) {
        return (int) Math.floorMod(next(), (long) n);
    }

    /** Whether a one-in-{@code n} event happens. */
    public boolean oneIn(int n) {
        return pick(n) == n - 1;
    }

    /** A count: mostly small, sometimes whatever the next number says. */
    public long count() {
        return oneIn(4) ? next() : pick(6);
    }

    /** {@code length} bytes of content. */
    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        long seed = next();
        for (int i = 0; i < length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            bytes[i] = (byte) (seed >>> 56);
        }
        return bytes;
    }

    /** Writes {@code bytes}. */
    public static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }
}
