package io.flinkrw.common.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks shared by the connectors' and formats' option validation, each failing with a {@link
 * ValidationException} that names the key and, where there is a choice, the allowed values.
 */
public final class OptionValidation {

    private OptionValidation() {}

    /**
     * The value of {@code option}, which must be one of {@code allowed} (compared ignoring case);
     * returned in lower case. Absent means the option's default.
     */
    public static String oneOf(
            ReadableConfig config, ConfigOption<String> option, Collection<String> allowed) {
        String value = config.get(option);
        if (value == null) {
            return null;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            throw invalidValue(option.key(), value, allowed);
        }
        return normalized;
    }

    /** "Invalid value 'x' for option 'k'. Allowed values: a, b." */
    public static ValidationException invalidValue(
            String key, String value, Collection<String> allowed) {
        return new ValidationException(
                String.format(
                        "Invalid value '%s' for option '%s'. Allowed values: %s.",
                        value, key, String.join(", ", allowed)));
    }

    /** The value of a required option, or an exception that says why it is required. */
    public static <T> T required(ReadableConfig config, ConfigOption<T> option, String because) {
        Optional<T> value = config.getOptional(option);
        if (value.isEmpty()) {
            throw new ValidationException(
                    String.format("Option '%s' is required %s.", option.key(), because));
        }
        return value.get();
    }

    /** The value of an optional option that must be at least 1; null when it is not set. */
    @Nullable
    public static Integer positive(ReadableConfig config, ConfigOption<Integer> option) {
        Integer value = config.getOptional(option).orElse(null);
        if (value != null && value < 1) {
            throw new ValidationException(
                    String.format("Option '%s' must be at least 1, not %d.", option.key(), value));
        }
        return value;
    }

    /** Fails when exactly one of two options that must come as a pair is set. */
    public static void pair(ReadableConfig config, ConfigOption<?> first, ConfigOption<?> second) {
        boolean hasFirst = config.getOptional(first).isPresent();
        boolean hasSecond = config.getOptional(second).isPresent();
        if (hasFirst != hasSecond) {
            ConfigOption<?> present = hasFirst ? first : second;
            ConfigOption<?> missing = hasFirst ? second : first;
            throw new ValidationException(
                    String.format(
                            "Option '%s' requires option '%s': they must be set together.",
                            present.key(), missing.key()));
        }
    }
}
