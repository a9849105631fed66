package io.flinkrw.formats.json;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** RisingWave's {@code timestamptz.handling.mode}: how TIMESTAMP_LTZ values are read. */
public enum JsonTimestamptzMode {
    /** Strings need a zone; numbers are seconds, ms, µs or ns by magnitude (the default). */
    GUESS_NUMBER_UNIT("guess_number_unit"),
    /** Numbers are milliseconds since the epoch. */
    MILLI("milli"),
    /** Numbers are microseconds since the epoch. */
    MICRO("micro"),
    /** Only strings with a zone. */
    UTC_STRING("utc_string"),
    /** Only strings, read as UTC when they have no zone. */
    UTC_WITHOUT_SUFFIX("utc_without_suffix");

    private final String value;

    JsonTimestamptzMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static List<String> allowedValues() {
        return Arrays.stream(values()).map(JsonTimestamptzMode::value).collect(Collectors.toList());
    }

    public static JsonTimestamptzMode of(String value) {
        for (JsonTimestamptzMode mode : values()) {
            if (mode.value.equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
