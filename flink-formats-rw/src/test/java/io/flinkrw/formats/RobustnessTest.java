package io.flinkrw.formats;

import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;
import io.flinkrw.formats.avro.AvroRobustnessPayloads;
import io.flinkrw.formats.json.JsonRobustnessPayloads;
import io.flinkrw.formats.protobuf.ProtoRobustnessPayloads;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.flinkrw.common.source.ParseErrorCounter.NUM_RECORDS_IN_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * 10,000 random, truncated and corrupted payloads per format: each decodes, or fails with the
 * format's own clear exception (never a stray runtime exception, a hang or a crash); with {@code
 * ignore-parse-errors} the same payloads are skipped and counted instead.
 */
class RobustnessTest {

    private static final int PAYLOADS = 10_000;

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of(
                        "rw-json",
                        (Function<Long, RobustnessSubject>) JsonRobustnessPayloads::subject),
                Arguments.of(
                        "rw-avro",
                        (Function<Long, RobustnessSubject>) AvroRobustnessPayloads::subject),
                Arguments.of(
                        "rw-protobuf",
                        (Function<Long, RobustnessSubject>) ProtoRobustnessPayloads::subject));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void everyPayloadDecodesOrFailsClearly(
            String format, Function<Long, RobustnessSubject> subjects) throws Exception {
        long seed = 20261121L;
        RobustnessSubject subject = subjects.apply(seed);
        List<byte[]> payloads = payloads(subject.validPayloads(), new Random(seed));

        DeserializationSchema<RowData> strict = subject.deserializer(false);
        strict.open(FormatTestUtils.context(new CountingMetricGroup()));
        int failures = 0;
        int rows = 0;
        for (byte[] payload : payloads) {
            try {
                rows += FormatTestUtils.collect(strict, payload).size();
            } catch (IOException e) {
                failures++;
                if (!(e.getCause() instanceof DecodeException)
                        || !e.getMessage().startsWith(format + ": cannot decode the payload (")) {
                    fail("Unclear failure for payload " + hex(payload), e);
                }
            }
        }
        assertThat(failures).as("undecodable payloads").isGreaterThan(PAYLOADS / 10);
        assertThat(rows).as("decoded rows").isGreaterThan(0);

        CountingMetricGroup metrics = new CountingMetricGroup();
        DeserializationSchema<RowData> lenient = subject.deserializer(true);
        lenient.open(FormatTestUtils.context(metrics));
        int lenientRows = 0;
        for (byte[] payload : payloads) {
            lenientRows += FormatTestUtils.collect(lenient, payload).size();
        }
        assertThat(metrics.count(NUM_RECORDS_IN_ERRORS)).isEqualTo(failures);
        assertThat(lenientRows).isEqualTo(rows);
    }

    /** Valid payloads, each truncated, corrupted, and random bytes: {@link #PAYLOADS} in all. */
    static List<byte[]> payloads(List<byte[]> valid, Random random) {
        List<byte[]> payloads = new ArrayList<>(valid);
        while (payloads.size() < PAYLOADS) {
            byte[] base = valid.get(random.nextInt(valid.size()));
            switch (random.nextInt(4)) {
                case 0:
                    payloads.add(java.util.Arrays.copyOf(base, random.nextInt(base.length + 1)));
                    break;
                case 1:
                    {
                        byte[] corrupted = base.clone();
                        int flips = 1 + random.nextInt(4);
                        for (int i = 0; i < flips && corrupted.length > 0; i++) {
                            corrupted[random.nextInt(corrupted.length)] =
                                    (byte) random.nextInt(256);
                        }
                        payloads.add(corrupted);
                        break;
                    }
                case 2:
                    {
                        byte[] noise = new byte[random.nextInt(64)];
                        random.nextBytes(noise);
                        payloads.add(noise);
                        break;
                    }
                default:
                    {
                        // A valid prefix followed by noise.
                        int keep = random.nextInt(base.length + 1);
                        byte[] mixed = java.util.Arrays.copyOf(base, keep + random.nextInt(16));
                        for (int i = keep; i < mixed.length; i++) {
                            mixed[i] = (byte) random.nextInt(256);
                        }
                        payloads.add(mixed);
                    }
            }
        }
        return payloads;
    }

    private static String hex(byte[] payload) {
        StringBuilder hex = new StringBuilder();
        for (byte b : payload) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
