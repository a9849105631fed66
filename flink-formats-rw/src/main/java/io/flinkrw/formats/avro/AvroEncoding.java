package io.flinkrw.formats.avro;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How each message carries its Avro record. */
public enum AvroEncoding {
    /** Detected per message from its first bytes (the default). */
    AUTO("auto"),
    /** A bare binary datum written with the schema at the location. */
    RAW("raw"),
    /** Avro single-object encoding: {@code C3 01}, the schema's 8-byte fingerprint, the datum. */
    SINGLE_OBJECT("single-object"),
    /** A whole object container file ({@code Obj1} header), RisingWave's legacy form. */
    CONTAINER("container");

    private final String value;

    AvroEncoding(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The option values, for messages. */
    public static List<String> allowedValues() {
        return Arrays.stream(values()).map(AvroEncoding::value).collect(Collectors.toList());
    }

    public static AvroEncoding of(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (AvroEncoding encoding : values()) {
            if (encoding.value.equals(normalized)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
