package io.flinkrw.common.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * A secret option value (a password, a key, a token). It is serializable, so it travels with the
 * source to the task managers, but its {@link #toString()} never shows the value: configuration
 * objects that hold a {@code Secret} can be logged and put in exception messages safely.
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What every secret prints as. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** {@code null} for {@code null}, else a secret. */
    public static Secret ofNullable(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The value, for the one place that must hand it to a client library. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
