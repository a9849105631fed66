package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.Utf8;

/**
 * Reads Avro's binary encoding from a byte array: zig-zag varints, little-endian floats, lengths
 * checked against what is left, so a truncated or random payload ends in a {@link DecodeException}
 * with the offset, never in a huge allocation or an endless loop.
 */
final class AvroInput {

    private final FieldCounts counts;

    /**
     * The items of zero bytes (and records of zero bytes in a container) read so far from the
     * payload, shared with the inputs of its container blocks: {@link #MAX_EMPTY_ITEMS} in all.
     */
    private final long[] emptyItems;

    private byte[] buf;
    private int pos;
    private int limit;
    private long lastBlockBytes;
    private int depth;

    /**
     * @param counts where the records read from this input count their fields
     */
    AvroInput(FieldCounts counts) {
        this(counts, new long[1]);
    }

    private AvroInput(FieldCounts counts, long[] emptyItems) {
        this.counts = counts;
        this.emptyItems = emptyItems;
    }

    /** An input for the blocks of a container in this payload, with the same budgets. */
    AvroInput forBlocks() {
        return new AvroInput(counts, emptyItems);
    }

    FieldCounts counts() {
        return counts;
    }

    /** Starts reading a payload: its budget of empty items is whole again. */
    void startPayload(byte[] buf, int offset, int limit) {
        emptyItems[0] = 0;
        reset(buf, offset, limit);
    }

    /** Reads {@code buf} (a container block) within the current payload's budgets. */
    void reset(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
        this.depth = 0;
    }

    /** Enters a record that may be recursive; fails beyond {@link AvroSkipper#MAX_DEPTH}. */
    void enter() throws DecodeException {
        if (++depth > AvroSkipper.MAX_DEPTH) {
            throw error("records nest deeper than " + AvroSkipper.MAX_DEPTH);
        }
    }

    void exit() {
        depth--;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    boolean isEnd() {
        return pos >= limit;
    }

    byte[] buffer() {
        return buf;
    }

    DecodeException error(String message) {
        return new DecodeException(message, pos);
    }

    int readInt() throws DecodeException {
        int start = pos;
        int b;
        int n = 0;
        int shift = 0;
        do {
            if (pos >= limit) {
                pos = start;
                throw error("truncated int");
            }
            b = buf[pos++] & 0xFF;
            n |= (b & 0x7F) << shift;
            shift += 7;
            if (shift > 35) {
                pos = start;
                throw error("malformed int: more than 5 bytes");
            }
        } while ((b & 0x80) != 0);
        return (n >>> 1) ^ -(n & 1);
    }

    long readLong() throws DecodeException {
        int start = pos;
        long b;
        long n = 0;
        int shift = 0;
        do {
            if (pos >= limit) {
                pos = start;
                throw error("truncated long");
            }
            b = buf[pos++] & 0xFF;
            n |= (b & 0x7F) << shift;
            shift += 7;
            if (shift > 70) {
                pos = start;
                throw error("malformed long: more than 10 bytes");
            }
        } while ((b & 0x80) != 0);
        return (n >>> 1) ^ -(n & 1);
    }

    /** Passes over an int or long without decoding it. */
    void skipVarint() throws DecodeException {
        int start = pos;
        for (int i = 0; i < 10; i++) {
            if (pos >= limit) {
                pos = start;
                throw error("truncated long");
            }
            if ((buf[pos++] & 0x80) == 0) {
                return;
            }
        }
        pos = start;
        throw error("malformed long: more than 10 bytes");
    }

    /**
     * Passes over a run of values of simple types, one {@link AvroSkipper#runCode()} each: a
     * varint, a string or bytes, or a fixed number of bytes.
     */
    void skipRun(int[] codes) throws DecodeException {
        for (int code : codes) {
            if (code >= 0) {
                skip(code);
            } else if (code == AvroSkipper.RUN_VARINT) {
                skipVarint();
            } else {
                skip(readLength("string/bytes"));
            }
        }
    }

    boolean readBoolean() throws DecodeException {
        if (pos >= limit) {
            throw error("truncated boolean");
        }
        int b = buf[pos];
        if (b != 0 && b != 1) {
            throw error("invalid boolean byte " + b);
        }
        pos++;
        return b == 1;
    }

    float readFloat() throws DecodeException {
        return Float.intBitsToFloat(readFixedInt());
    }

    double readDouble() throws DecodeException {
        ensure(8, "double");
        long bits =
                (buf[pos] & 0xFFL)
                        | (buf[pos + 1] & 0xFFL) << 8
                        | (buf[pos + 2] & 0xFFL) << 16
                        | (buf[pos + 3] & 0xFFL) << 24
                        | (buf[pos + 4] & 0xFFL) << 32
                        | (buf[pos + 5] & 0xFFL) << 40
                        | (buf[pos + 6] & 0xFFL) << 48
                        | (buf[pos + 7] & 0xFFL) << 56;
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /** A little-endian 32-bit value (a float's bits, or a part of a duration). */
    int readFixedInt() throws DecodeException {
        ensure(4, "32-bit value");
        int bits =
                (buf[pos] & 0xFF)
                        | (buf[pos + 1] & 0xFF) << 8
                        | (buf[pos + 2] & 0xFF) << 16
                        | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return bits;
    }

    /** The length of a string or bytes value, checked against what is left. */
    int readLength(String what) throws DecodeException {
        int start = pos;
        long length = readLong();
        if (length < 0 || length > limit - pos) {
            pos = start;
            throw error(
                    "invalid "
                            + what
                            + " length "
                            + length
                            + " ("
                            + (limit - start)
                            + " bytes left)");
        }
        return (int) length;
    }

    /** Copies the next {@code length} bytes. */
    byte[] readBytes(int length) throws DecodeException {
        ensure(length, "bytes");
        byte[] bytes = new byte[length];
        System.arraycopy(buf, pos, bytes, 0, length);
        pos += length;
        return bytes;
    }

    /** Copies the next {@code length} bytes, which must be well-formed UTF-8. */
    byte[] readUtf8(int length, String what) throws DecodeException {
        ensure(length, what);
        if (!Utf8.isValid(buf, pos, length)) {
            throw error("invalid UTF-8 in a " + what);
        }
        return readBytes(length);
    }

    void skip(long length) throws DecodeException {
        if (length < 0 || length > limit - pos) {
            throw error("cannot skip " + length + " bytes (" + (limit - pos) + " left)");
        }
        pos += (int) length;
    }

    void ensure(int length, String what) throws DecodeException {
        if (length > limit - pos) {
            throw error(
                    "truncated "
                            + what
                            + ": needs "
                            + length
                            + " bytes, "
                            + (limit - pos)
                            + " left");
        }
    }

    /**
     * The item count of the next array or map block, with the block's byte size skipped when the
     * writer gave it. Fails when the count cannot fit in what is left: every item takes at least
     * {@code minItemBytes} bytes, and items of zero bytes are limited in number.
     */
    long readBlockCount(int minItemBytes) throws DecodeException {
        int start = pos;
        long count = readLong();
        lastBlockBytes = -1;
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                pos = start;
                throw error("invalid block count");
            }
            count = -count;
            long size = readLong();
            if (size < 0 || size > limit - pos) {
                pos = start;
                throw error("invalid block size " + size);
            }
            lastBlockBytes = size;
        }
        if (minItemBytes > 0 && count > (limit - pos) / minItemBytes) {
            pos = start;
            throw error("block of " + count + " items cannot fit in " + (limit - pos) + " bytes");
        }
        if (minItemBytes == 0) {
            countEmptyItems(count);
        }
        return count;
    }

    /**
     * Counts items that take no bytes: a few bytes may claim millions of them, so the payload may
     * hold {@link #MAX_EMPTY_ITEMS} in all, however they are spread over arrays, maps and records.
     */
    void countEmptyItems(long count) throws DecodeException {
        emptyItems[0] += count;
        if (count > MAX_EMPTY_ITEMS || emptyItems[0] > MAX_EMPTY_ITEMS) {
            throw error("more than " + MAX_EMPTY_ITEMS + " empty items in the payload");
        }
    }

    /** The byte size the writer gave for the last block read, or -1. */
    long lastBlockBytes() {
        return lastBlockBytes;
    }

    /** How many items of zero bytes a payload may hold. */
    static final long MAX_EMPTY_ITEMS = 1_000_000;
}
