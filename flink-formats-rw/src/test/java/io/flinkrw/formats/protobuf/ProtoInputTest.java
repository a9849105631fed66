package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.Utf8;

import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire reader against protobuf-java's writer: varints of every length, read through the
 * word-at-a-time path and the byte-at-a-time path alike, and never past the message's limit.
 */
class ProtoInputTest {

    private static byte[] varints(List<Long> values) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (long value : values) {
            out.writeUInt64NoTag(value);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void readsVarintsOfEveryLengthAsProtobufWritesThem() throws Exception {
        Random random = new Random(7);
        List<Long> values = new ArrayList<>();
        for (int bits = 0; bits <= 64; bits++) {
            long max = bits == 64 ? -1L : (1L << bits) - 1;
            values.add(max);
            values.add(bits == 0 ? 0 : (1L << (bits - 1)));
            for (int i = 0; i < 20; i++) {
                values.add(bits == 64 ? random.nextLong() : random.nextLong() & max);
            }
        }
        byte[] encoded = varints(values);
        ProtoInput in = new ProtoInput(new FieldCounts());
        in.reset(encoded);
        for (long expected : values) {
            assertThat(in.readVarint64()).isEqualTo(expected);
        }
        assertThat(in.isAtLimit()).isTrue();
        // The same values one by one, each at the very end of its array (no room for a word).
        for (long expected : values) {
            in.reset(varints(List.of(expected)));
            assertThat(in.readVarint64()).isEqualTo(expected);
        }
    }

    @Test
    void neverReadsPastTheMessageLimit() throws Exception {
        // A 3-byte varint whose last byte lies beyond a limit of 2, with room for a word after it.
        byte[] bytes = new byte[16];
        System.arraycopy(varints(List.of(300_000L)), 0, bytes, 0, 3);
        ProtoInput in = new ProtoInput(new FieldCounts());
        in.reset(bytes);
        int old = in.pushLimit(2);
        assertThatThrownBy(in::readVarint64)
                .isInstanceOf(DecodeException.class)
                .hasMessage("truncated varint");
        in.popLimit(old);
        assertThat(in.readVarint64()).isEqualTo(300_000L);
    }

    @Test
    void refusesVarintsLongerThanTenBytes() {
        byte[] bytes = new byte[12];
        java.util.Arrays.fill(bytes, (byte) 0x80);
        ProtoInput in = new ProtoInput(new FieldCounts());
        in.reset(bytes);
        assertThatThrownBy(in::readVarint64).hasMessageContaining("more than 10 bytes");
    }

    @Test
    void int32VarintsKeepTheLow32Bits() throws Exception {
        ProtoInput in = new ProtoInput(new FieldCounts());
        in.reset(varints(List.of((long) -5, 4_294_967_295L)));
        assertThat(in.readVarint32()).isEqualTo(-5);
        assertThat(in.readVarint32()).isEqualTo(-1);
    }

    @Test
    void utf8ValidationAgreesWithTheJdk() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                for (int k = 0; k < bytes.length; k++) {
                    bytes[k] &= 0x7F;
                }
                if (bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(128));
                }
            }
            assertThat(Utf8.isValid(bytes, 0, bytes.length))
                    .as("%s", java.util.Arrays.toString(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
        byte[] text =
                "plain ascii, then é, 😀 and ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(text, 0, text.length)).isTrue();
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
