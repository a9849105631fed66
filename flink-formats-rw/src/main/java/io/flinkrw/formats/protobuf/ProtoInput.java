package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.Utf8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the protobuf wire format from a byte array: varints, fixed-width values and
 * length-delimited fields, with every length checked against the enclosing message, so truncated or
 * random bytes end in a {@link DecodeException} with the offset.
 */
final class ProtoInput {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** How deep messages and groups may nest in a payload. */
    static final int MAX_DEPTH = 100;

    /**
     * How many earlier items merging may copy per payload byte. A message given again is merged
     * into the first, its repeated fields and maps concatenated; a payload that gives it again and
     * again would otherwise make each merge re-copy all that the earlier ones gathered.
     */
    static final int MERGED_ITEMS_PER_BYTE = 16;

    /** What merging a map entry again costs, in list items: a map re-inserts, a list copies. */
    static final int MAP_ENTRY_MERGE_COST = 16;

    private final FieldCounts counts;

    private byte[] buf;
    private int pos;
    private int limit;
    private int depth;
    private long mergeBudget;

    /**
     * @param counts where the messages read from this input count their fields
     */
    ProtoInput(FieldCounts counts) {
        this.counts = counts;
    }

    FieldCounts counts() {
        return counts;
    }

    void reset(byte[] buf) {
        this.buf = buf;
        this.pos = 0;
        this.limit = buf.length;
        this.depth = 0;
        this.mergeBudget = 1024 + (long) MERGED_ITEMS_PER_BYTE * buf.length;
    }

    /** Counts {@code items} gathered earlier that a merge copies again; fails beyond the budget. */
    void chargeMerge(long items) throws DecodeException {
        mergeBudget -= items;
        if (mergeBudget < 0) {
            throw error(
                    "a message given again and again: merging its repeated fields and maps would"
                            + " copy more than "
                            + MERGED_ITEMS_PER_BYTE
                            + " items per payload byte");
        }
    }

    int position() {
        return pos;
    }

    int limit() {
        return limit;
    }

    DecodeException error(String message) {
        return new DecodeException(message, pos);
    }

    /** Enters a nested message or group; fails beyond {@link #MAX_DEPTH}. */
    void enter() throws DecodeException {
        if (++depth > MAX_DEPTH) {
            throw error("messages nest deeper than " + MAX_DEPTH);
        }
    }

    void exit() {
        depth--;
    }

    /** Limits reading to the next {@code length} bytes; returns the limit to restore. */
    int pushLimit(int length) {
        int old = limit;
        limit = pos + length;
        return old;
    }

    void popLimit(int oldLimit) {
        limit = oldLimit;
    }

    boolean isAtLimit() {
        return pos >= limit;
    }

    /** The next tag, with a field number of at least 1. */
    int readTag() throws DecodeException {
        int start = pos;
        int tag = readVarint32();
        if ((tag >>> 3) == 0) {
            pos = start;
            throw error("invalid tag " + tag + " (field number 0)");
        }
        return tag;
    }

    /** A varint's low 32 bits (an int32 may be sign-extended to 10 bytes). */
    int readVarint32() throws DecodeException {
        if (pos < limit) {
            int b = buf[pos];
            if (b >= 0) {
                pos++;
                return b;
            }
        }
        return (int) readVarint64Multi();
    }

    long readVarint64() throws DecodeException {
        if (pos < limit) {
            int b = buf[pos];
            if (b >= 0) {
                pos++;
                return b;
            }
        }
        return readVarint64Multi();
    }

    /**
     * A varint of two bytes or more. Up to eight bytes it is decoded from one little-endian word:
     * the first byte without the continuation bit ends it, and the 7-bit groups are packed with
     * three shift-and-mask steps, without a branch per byte.
     */
    private long readVarint64Multi() throws DecodeException {
        int p = pos;
        if (buf.length - p >= 8) {
            long word = (long) LONG_LE.get(buf, p);
            long ends = ~word & 0x8080808080808080L;
            if (ends != 0) {
                int length = (Long.numberOfTrailingZeros(ends) >>> 3) + 1;
                if (length <= limit - p) {
                    long x = length == 8 ? word : word & ((1L << (length << 3)) - 1);
                    x &= 0x7F7F7F7F7F7F7F7FL;
                    x = (x & 0x007F007F007F007FL) | ((x & 0x7F007F007F007F00L) >>> 1);
                    x = (x & 0x00003FFF00003FFFL) | ((x & 0x3FFF00003FFF0000L) >>> 2);
                    x = (x & 0x000000000FFFFFFFL) | ((x & 0x0FFFFFFF00000000L) >>> 4);
                    pos = p + length;
                    return x;
                }
            }
        }
        return readVarint64Slow();
    }

    private long readVarint64Slow() throws DecodeException {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                pos = start;
                throw error("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        pos = start;
        throw error("malformed varint: more than 10 bytes");
    }

    int readFixed32() throws DecodeException {
        if (limit - pos < 4) {
            throw error("truncated fixed32");
        }
        int p = pos;
        pos = p + 4;
        return (buf[p] & 0xFF)
                | (buf[p + 1] & 0xFF) << 8
                | (buf[p + 2] & 0xFF) << 16
                | (buf[p + 3] & 0xFF) << 24;
    }

    long readFixed64() throws DecodeException {
        if (limit - pos < 8) {
            throw error("truncated fixed64");
        }
        int p = pos;
        pos = p + 8;
        return (buf[p] & 0xFFL)
                | (buf[p + 1] & 0xFFL) << 8
                | (buf[p + 2] & 0xFFL) << 16
                | (buf[p + 3] & 0xFFL) << 24
                | (buf[p + 4] & 0xFFL) << 32
                | (buf[p + 5] & 0xFFL) << 40
                | (buf[p + 6] & 0xFFL) << 48
                | (buf[p + 7] & 0xFFL) << 56;
    }

    /** The length of a length-delimited field, checked against what is left. */
    int readLength() throws DecodeException {
        int start = pos;
        long length = readVarint64();
        if (length < 0 || length > limit - pos) {
            pos = start;
            throw error(
                    "invalid length "
                            + length
                            + " ("
                            + (limit - pos)
                            + " bytes left in the message)");
        }
        return (int) length;
    }

    /** Copies the next {@code length} bytes (checked by {@link #readLength()}). */
    byte[] readBytes(int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(buf, pos, bytes, 0, length);
        pos += length;
        return bytes;
    }

    /** The next {@code length} bytes as UTF-8, checked when {@code validate}. */
    byte[] readUtf8(int length, boolean validate) throws DecodeException {
        if (validate && !Utf8.isValid(buf, pos, length)) {
            throw error("invalid UTF-8 in a string field");
        }
        return readBytes(length);
    }

    void skip(int length) throws DecodeException {
        if (length < 0 || length > limit - pos) {
            throw error("cannot skip " + length + " bytes (" + (limit - pos) + " left)");
        }
        pos += length;
    }

    /** Skips the value of a field whose tag was just read. */
    void skipField(int tag) throws DecodeException {
        switch (tag & 7) {
            case VARINT:
                readVarint64();
                return;
            case FIXED64:
                skip(8);
                return;
            case LENGTH_DELIMITED:
                skip(readLength());
                return;
            case START_GROUP:
                skipGroup(tag >>> 3);
                return;
            case FIXED32:
                skip(4);
                return;
            default:
                throw error("invalid wire type " + (tag & 7) + " (field " + (tag >>> 3) + ")");
        }
    }

    private void skipGroup(int number) throws DecodeException {
        enter();
        while (true) {
            if (isAtLimit()) {
                throw error("group " + number + " without its end");
            }
            int tag = readTag();
            if ((tag & 7) == END_GROUP) {
                if ((tag >>> 3) != number) {
                    throw error("group " + number + " ended by the end of group " + (tag >>> 3));
                }
                exit();
                return;
            }
            skipField(tag);
        }
    }
}
