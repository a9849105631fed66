package io.flinkrw.formats;

import org.apache.flink.table.data.TimestampData;

/** Builds Flink's internal temporal values from epoch numbers, truncated to a precision. */
public final class TemporalValues {

    private static final long[] POWERS_OF_TEN = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L
    };

    private TemporalValues() {}

    /** A timestamp {@code seconds} + {@code nanos} after the epoch, cut to {@code precision}. */
    public static TimestampData timestamp(long seconds, long nanos, int precision) {
        long totalSeconds = Math.addExact(seconds, Math.floorDiv(nanos, 1_000_000_000L));
        long nanoOfSecond = Math.floorMod(nanos, 1_000_000_000L);
        nanoOfSecond -= nanoOfSecond % POWERS_OF_TEN[9 - precision];
        long millis =
                Math.addExact(Math.multiplyExact(totalSeconds, 1000L), nanoOfSecond / 1_000_000L);
        return TimestampData.fromEpochMillis(millis, (int) (nanoOfSecond % 1_000_000L));
    }

    /** A timestamp {@code value} units after the epoch; a unit is 10^-{@code unitDigits} s. */
    public static TimestampData timestampOf(long value, int unitDigits, int precision) {
        long unitsPerSecond = POWERS_OF_TEN[unitDigits];
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long fraction = Math.floorMod(value, unitsPerSecond);
        return timestamp(seconds, fraction * POWERS_OF_TEN[9 - unitDigits], precision);
    }

    /** Milliseconds of the day (Flink's TIME) from {@code value} units of 10^-{@code digits} s. */
    public static int timeOfDayMillis(long value, int unitDigits) {
        long millis =
                unitDigits <= 3
                        ? Math.multiplyExact(value, POWERS_OF_TEN[3 - unitDigits])
                        : Math.floorDiv(value, POWERS_OF_TEN[unitDigits - 3]);
        if (millis < 0 || millis >= 86_400_000L) {
            throw new ArithmeticException("time of day out of range: " + value);
        }
        return (int) millis;
    }
}
