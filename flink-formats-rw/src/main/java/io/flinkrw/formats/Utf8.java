package io.flinkrw.formats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Checks that bytes are well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF). */
public final class Utf8 {

    private Utf8() {}

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code length} bytes of {@code buf} from {@code offset} are well-formed UTF-8. */
    public static boolean isValid(byte[] buf, int offset, int length) {
        int i = offset;
        int end = offset + length;
        // ASCII eight bytes at a time.
        while (end - i >= 8 && ((long) LONG_LE.get(buf, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < end && buf[i] >= 0) {
            i++;
        }
        while (i < end) {
            int lead = buf[i++] & 0xFF;
            if (lead < 0x80) {
                continue;
            }
            int needed;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                needed = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                needed = 2;
                if (lead == 0xE0) {
                    min2 = 0xA0;
                } else if (lead == 0xED) {
                    max2 = 0x9F;
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                needed = 3;
                if (lead == 0xF0) {
                    min2 = 0x90;
                } else if (lead == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                return false;
            }
            if (end - i < needed) {
                return false;
            }
            int second = buf[i++] & 0xFF;
            if (second < min2 || second > max2) {
                return false;
            }
            for (int k = 1; k < needed; k++) {
                int next = buf[i++] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
        }
        return true;
    }
}
