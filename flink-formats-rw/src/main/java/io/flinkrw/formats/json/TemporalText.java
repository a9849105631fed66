package io.flinkrw.formats.json;

/**
 * Parses RisingWave's textual dates, times and timestamps without allocating: {@code YYYY-MM-DD},
 * {@code HH:MM[:SS[.fraction]]}, and a date and time separated by {@code T} or a space, with an
 * optional zone ({@code Z}, {@code ±HH}, {@code ±HH:MM}, {@code ±HHMM}). Each method returns its
 * result or throws {@link IllegalArgumentException} with what was expected.
 */
final class TemporalText {

    static final String TIMESTAMP_FORMATS =
            "YYYY-MM-DD HH:MM:SS[.fraction] (or with T, or YYYY-MM-DD HH:MM, or YYYY-MM-DD)";
    static final String TIMESTAMP_LTZ_FORMATS =
            "YYYY-MM-DDTHH:MM:SS[.fraction] with a zone: Z, +HH:MM or -HH:MM";

    /** The parts of a parsed date-time. */
    static final class DateTime {
        long epochDay;
        long nanoOfDay;
        boolean hasOffset;
        int offsetSeconds;

        /** Seconds since the epoch of the wall-clock value, ignoring the offset. */
        long localEpochSecond() {
            return epochDay * 86_400L + nanoOfDay / 1_000_000_000L;
        }

        /** Seconds since the epoch of the instant (wall clock minus the offset). */
        long instantEpochSecond() {
            return localEpochSecond() - offsetSeconds;
        }

        int nanoOfSecond() {
            return (int) (nanoOfDay % 1_000_000_000L);
        }
    }

    private final String text;
    private int pos;

    private TemporalText(String text) {
        this.text = text;
    }

    /** Days since the epoch of {@code YYYY-MM-DD}. */
    static int parseDate(String text) {
        TemporalText p = new TemporalText(text);
        long day = p.date();
        p.end("YYYY-MM-DD");
        return Math.toIntExact(day);
    }

    /** Nanoseconds of the day of {@code HH:MM[:SS[.fraction]][Z]}. */
    static long parseTime(String text) {
        TemporalText p = new TemporalText(text);
        long nanos = p.time();
        if (p.pos < text.length() && (text.charAt(p.pos) == 'Z' || text.charAt(p.pos) == 'z')) {
            p.pos++;
        }
        p.end("HH:MM:SS[.fraction] or HH:MM");
        return nanos;
    }

    /** A date, optionally with a time and a zone. */
    static DateTime parseDateTime(String text, DateTime into) {
        TemporalText p = new TemporalText(text);
        into.epochDay = p.date();
        into.nanoOfDay = 0;
        into.hasOffset = false;
        into.offsetSeconds = 0;
        if (p.pos < text.length()) {
            char separator = text.charAt(p.pos);
            if (separator != 'T' && separator != 't' && separator != ' ') {
                throw p.expected(TIMESTAMP_FORMATS);
            }
            p.pos++;
            into.nanoOfDay = p.time();
            if (p.pos < text.length()) {
                into.hasOffset = true;
                into.offsetSeconds = p.offset();
            }
        }
        p.end(TIMESTAMP_FORMATS);
        return into;
    }

    private long date() {
        int sign = 1;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            sign = text.charAt(pos) == '-' ? -1 : 1;
            pos++;
        }
        int yearStart = pos;
        long year = digits(4, 6);
        if (pos - yearStart < 4) {
            throw expected("a four-digit year");
        }
        expect('-');
        int month = (int) digits(2, 2);
        expect('-');
        int day = (int) digits(2, 2);
        year *= sign;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw new IllegalArgumentException("no such date: " + text);
        }
        return epochDay(year, month, day);
    }

    private long time() {
        int hour = (int) digits(2, 2);
        expect(':');
        int minute = (int) digits(2, 2);
        int second = 0;
        long nanos = 0;
        if (pos < text.length() && text.charAt(pos) == ':') {
            pos++;
            second = (int) digits(2, 2);
            if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == ',')) {
                pos++;
                int start = pos;
                while (pos < text.length() && isDigit(text.charAt(pos))) {
                    if (pos - start < 9) {
                        nanos = nanos * 10 + (text.charAt(pos) - '0');
                    }
                    pos++;
                }
                int count = pos - start;
                if (count == 0) {
                    throw expected("digits after the decimal point");
                }
                for (int i = count; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("no such time of day: " + text);
        }
        return ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
    }

    private int offset() {
        char c = text.charAt(pos);
        if (c == 'Z' || c == 'z') {
            pos++;
            return 0;
        }
        if (c != '+' && c != '-') {
            throw expected("a zone (Z, +HH:MM or -HH:MM)");
        }
        pos++;
        int hours = (int) digits(2, 2);
        int minutes = 0;
        if (pos < text.length()) {
            if (text.charAt(pos) == ':') {
                pos++;
            }
            minutes = (int) digits(2, 2);
        }
        if (hours > 18 || minutes > 59) {
            throw new IllegalArgumentException("no such zone offset: " + text);
        }
        int seconds = hours * 3600 + minutes * 60;
        return c == '-' ? -seconds : seconds;
    }

    private long digits(int min, int max) {
        int start = pos;
        long value = 0;
        while (pos < text.length() && pos - start < max && isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos) - '0');
            pos++;
        }
        if (pos - start < min) {
            throw expected(min + " digits");
        }
        return value;
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw expected("'" + c + "'");
        }
        pos++;
    }

    private void end(String format) {
        if (pos != text.length()) {
            throw expected(format);
        }
    }

    private IllegalArgumentException expected(String what) {
        return new IllegalArgumentException(
                "cannot parse '" + text + "': expected " + what + " at position " + pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLeap(long year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static int daysInMonth(long year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date. */
    static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        int shiftedMonth = (month + 9) % 12;
        long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
