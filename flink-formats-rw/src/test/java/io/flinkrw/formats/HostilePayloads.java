package io.flinkrw.formats;

import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.RowData;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.flinkrw.common.source.ParseErrorCounter.NUM_RECORDS_IN_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What the hostile-payload properties of each format check: a payload decodes, or fails with the
 * format's clear error (an IOException caused by a {@link DecodeException}, never a stray runtime
 * exception or an Error), or with {@code ignore-parse-errors} is skipped and counted, each within a
 * per-record budget. The budget is a hang guard, not a speed limit: a well-formed record takes
 * microseconds, a value whose cost follows its claims would take minutes.
 *
 * <p>The properties run with a fixed seed (jqwik prints it with any failure); their number of tries
 * is {@code jqwik.tries.default} (src/test/resources/junit-platform.properties), e.g. {@code
 * -Djqwik.tries.default=20000} for a longer run.
 */
public final class HostilePayloads {

    /** The seed of every hostile-payload property in CI. */
    public static final String SEED = "20261203";

    /** The hang guard per record. */
    public static final Duration BUDGET_PER_RECORD = Duration.ofSeconds(5);

    private HostilePayloads() {}

    /** A format's deserializers, strict and lenient, opened once per property. */
    public static final class Subject {
        private final String format;
        private final DeserializationSchema<RowData> strict;
        private final DeserializationSchema<RowData> lenient;
        private final CountingMetricGroup metrics = new CountingMetricGroup();

        public Subject(
                String format,
                DeserializationSchema<RowData> strict,
                DeserializationSchema<RowData> lenient)
                throws Exception {
            this.format = format;
            this.strict = strict;
            this.lenient = lenient;
            strict.open(FormatTestUtils.context(new CountingMetricGroup()));
            lenient.open(FormatTestUtils.context(metrics));
        }

        /** Decodes {@code payload} both ways and checks the outcome; whether it decoded. */
        public boolean check(byte[] payload) {
            Integer rows =
                    assertTimeoutPreemptively(
                            BUDGET_PER_RECORD,
                            () -> strictRows(payload),
                            () -> "hang guard blown by " + describe(payload));
            long errorsBefore = metrics.count(NUM_RECORDS_IN_ERRORS);
            List<RowData> lenientRows =
                    assertTimeoutPreemptively(
                            BUDGET_PER_RECORD,
                            () -> FormatTestUtils.collect(lenient, payload),
                            () -> "hang guard blown (lenient) by " + describe(payload));
            long counted = metrics.count(NUM_RECORDS_IN_ERRORS) - errorsBefore;
            if (rows == null) {
                assertThat(lenientRows).as("rows of a skipped payload").isEmpty();
                assertThat(counted).as("counted as a parse error").isEqualTo(1);
                return false;
            }
            assertThat(lenientRows).as("rows with ignore-parse-errors").hasSize(rows);
            assertThat(counted).as("counted as a parse error").isZero();
            return true;
        }

        /** The rows the strict deserializer emits, or null when it failed clearly. */
        private Integer strictRows(byte[] payload) {
            try {
                return FormatTestUtils.collect(strict, payload).size();
            } catch (IOException e) {
                if (!(e.getCause() instanceof DecodeException)
                        || !e.getMessage().startsWith(format + ": cannot decode the payload (")) {
                    fail("Unclear failure for " + describe(payload), e);
                }
                return null;
            } catch (Throwable e) {
                return fail("Not a clear error for " + describe(payload), e);
            }
        }
    }

    /** A payload for a failure message: its length and first bytes. */
    public static String describe(byte[] payload) {
        byte[] head = Arrays.copyOf(payload, Math.min(payload.length, 200));
        return "a payload of "
                + payload.length
                + " bytes starting "
                + HexFormat.of().formatHex(head)
                + (payload.length > head.length ? "..." : "");
    }

    /** Random bytes. */
    public static Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(128);
    }

    /** A payload of {@code payloads} cut short at any length. */
    public static Arbitrary<byte[]> truncated(Arbitrary<byte[]> payloads) {
        return payloads.flatMap(
                payload ->
                        Arbitraries.integers()
                                .between(0, payload.length)
                                .map(length -> Arrays.copyOf(payload, length)));
    }

    /** A payload of {@code payloads} with a few bytes overwritten. */
    public static Arbitrary<byte[]> corrupted(Arbitrary<byte[]> payloads) {
        return Combinators.combine(
                        payloads.filter(payload -> payload.length > 0),
                        Arbitraries.integers().greaterOrEqual(0).list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.bytes().list().ofSize(4))
                .as(
                        (payload, positions, values) -> {
                            byte[] copy = payload.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i) % copy.length] = values.get(i);
                            }
                            return copy;
                        });
    }

    /** Longs at the edges: the extremes, around zero, around int and powers of two. */
    public static Arbitrary<Long> extremeLongs() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        Long.MIN_VALUE,
                        Long.MIN_VALUE + 1,
                        Long.MAX_VALUE,
                        (long) Integer.MIN_VALUE,
                        (long) Integer.MAX_VALUE,
                        Integer.MAX_VALUE + 1L,
                        0L,
                        1L,
                        -1L,
                        1L << 31,
                        1L << 40,
                        1L << 62),
                Arbitraries.longs(),
                Arbitraries.longs().between(-1000, 1000));
    }
}
