package io.flinkrw.formats.json;

import java.util.Locale;

/**
 * Parses intervals written as ISO-8601 durations ({@code P1Y2M3DT4H5M6.5S}, {@code -P3D}) or in
 * PostgreSQL's style ({@code 1 year 2 mons 3 days 04:05:06.5}, {@code 3 days}, {@code 2 hours}).
 */
final class IntervalText {

    /** An interval: months, and a day-time part in milliseconds. */
    static final class Interval {
        final long months;
        final long millis;

        Interval(long months, long millis) {
            this.months = months;
            this.millis = millis;
        }
    }

    private IntervalText() {}

    static Interval parse(String text) {
        String s = text.trim();
        boolean negative = false;
        if (s.startsWith("-P") || s.startsWith("-p")) {
            negative = true;
            s = s.substring(1);
        }
        Interval interval =
                s.startsWith("P") || s.startsWith("p") ? parseIso(s, text) : parsePostgres(s, text);
        return negative ? new Interval(-interval.months, -interval.millis) : interval;
    }

    private static Interval parseIso(String s, String original) {
        long months = 0;
        double millis = 0;
        boolean inTime = false;
        int i = 1;
        boolean any = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == 'T' || c == 't') {
                inTime = true;
                i++;
                continue;
            }
            int start = i;
            while (i < s.length()
                    && (Character.isDigit(s.charAt(i))
                            || s.charAt(i) == '.'
                            || s.charAt(i) == '-'
                            || s.charAt(i) == '+')) {
                i++;
            }
            if (start == i || i >= s.length()) {
                throw invalid(original);
            }
            double value = Double.parseDouble(s.substring(start, i));
            char unit = Character.toUpperCase(s.charAt(i++));
            any = true;
            if (!inTime && unit == 'Y') {
                months = Math.addExact(months, Math.multiplyExact(whole(value, original), 12));
            } else if (!inTime && unit == 'M') {
                months = Math.addExact(months, whole(value, original));
            } else if (!inTime && unit == 'W') {
                millis += value * 7 * 86_400_000d;
            } else if (!inTime && unit == 'D') {
                millis += value * 86_400_000d;
            } else if (inTime && unit == 'H') {
                millis += value * 3_600_000d;
            } else if (inTime && unit == 'M') {
                millis += value * 60_000d;
            } else if (inTime && unit == 'S') {
                millis += value * 1000d;
            } else {
                throw invalid(original);
            }
        }
        if (!any) {
            throw invalid(original);
        }
        return new Interval(months, exactMillis(millis, original));
    }

    private static Interval parsePostgres(String s, String original) {
        String[] tokens = s.toLowerCase(Locale.ROOT).trim().split("\\s+");
        long months = 0;
        double millis = 0;
        boolean any = false;
        int i = 0;
        while (i < tokens.length) {
            String token = tokens[i];
            if (token.isEmpty()) {
                i++;
                continue;
            }
            if (token.contains(":")) {
                millis += clock(token, original);
                any = true;
                i++;
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                throw invalid(original);
            }
            if (i + 1 >= tokens.length) {
                // A bare number is seconds, as in PostgreSQL.
                millis += value * 1000d;
                any = true;
                i++;
                continue;
            }
            String unit = tokens[i + 1];
            if (unit.startsWith("y")) {
                months = Math.addExact(months, Math.multiplyExact(whole(value, original), 12));
            } else if (unit.startsWith("mon")) {
                months = Math.addExact(months, whole(value, original));
            } else if (unit.startsWith("w")) {
                millis += value * 7 * 86_400_000d;
            } else if (unit.startsWith("d")) {
                millis += value * 86_400_000d;
            } else if (unit.startsWith("h")) {
                millis += value * 3_600_000d;
            } else if (unit.startsWith("mi")) {
                millis += value * 60_000d;
            } else if (unit.startsWith("s")) {
                millis += value * 1000d;
            } else if (unit.startsWith("ms") || unit.startsWith("millisecond")) {
                millis += value;
            } else {
                throw invalid(original);
            }
            any = true;
            i += 2;
        }
        if (!any) {
            throw invalid(original);
        }
        return new Interval(months, exactMillis(millis, original));
    }

    private static double clock(String token, String original) {
        boolean negative = token.startsWith("-");
        String[] parts = (negative ? token.substring(1) : token).split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw invalid(original);
        }
        try {
            double millis =
                    Long.parseLong(parts[0]) * 3_600_000d + Long.parseLong(parts[1]) * 60_000d;
            if (parts.length == 3) {
                millis += Double.parseDouble(parts[2]) * 1000d;
            }
            return negative ? -millis : millis;
        } catch (NumberFormatException e) {
            throw invalid(original);
        }
    }

    /** The milliseconds as a long; out of range (or infinite) fails. */
    private static long exactMillis(double millis, String original) {
        if (!(Math.abs(millis) < 0x1p63)) {
            throw outOfRange(original);
        }
        return Math.round(millis);
    }

    private static long whole(double value, String original) {
        if (!(Math.abs(value) < 0x1p63)) {
            throw outOfRange(original);
        }
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(
                    "cannot parse interval '" + original + "': fractional years or months");
        }
        return (long) value;
    }

    private static IllegalArgumentException outOfRange(String text) {
        return new IllegalArgumentException("interval '" + text + "' out of range");
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "cannot parse interval '"
                        + text
                        + "': expected ISO-8601 (P1Y2M3DT4H5M6S) or '1 year 2 mons 3 days"
                        + " 04:05:06'");
    }
}
