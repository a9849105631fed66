package io.flinkrw.formats.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's text form of {@code bytea}, as RisingWave reads it: {@code \x} followed by hex
 * digits (white space allowed), or the escape form where {@code \\} is a backslash, {@code \ooo} an
 * octal byte and every other character stands for its UTF-8 bytes.
 */
final class ByteaText {

    private ByteaText() {}

    static byte[] parse(String text) {
        if (text.startsWith("\\x")) {
            return hex(text);
        }
        if (text.indexOf('\\') < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\\') {
                int end = i;
                while (end < text.length() && text.charAt(end) != '\\') {
                    end++;
                }
                byte[] plain = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(plain, 0, plain.length);
                i = end;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i += 2;
                continue;
            }
            if (i + 3 < text.length()
                    && isOctal(text.charAt(i + 1), '3')
                    && isOctal(text.charAt(i + 2), '7')
                    && isOctal(text.charAt(i + 3), '7')) {
                out.write(
                        ((text.charAt(i + 1) - '0') << 6)
                                | ((text.charAt(i + 2) - '0') << 3)
                                | (text.charAt(i + 3) - '0'));
                i += 4;
                continue;
            }
            throw new IllegalArgumentException(
                    "invalid bytea escape at position " + i + ": expected \\\\ or \\ooo (octal)");
        }
        return out.toByteArray();
    }

    private static boolean isOctal(char c, char max) {
        return c >= '0' && c <= max;
    }

    private static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
        int high = -1;
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                if (high >= 0) {
                    throw new IllegalArgumentException("invalid bytea hex: split byte at " + i);
                }
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw new IllegalArgumentException("invalid hexadecimal digit '" + c + "'");
            }
            if (high < 0) {
                high = digit;
            } else {
                out.write((high << 4) | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("invalid bytea hex: odd number of digits");
        }
        return out.toByteArray();
    }
}
