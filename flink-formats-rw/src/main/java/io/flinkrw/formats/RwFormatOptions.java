package io.flinkrw.formats;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.api.ValidationException;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Options every rw format has, and the unknown-key check of the DataStream builders. */
public final class RwFormatOptions {

    private RwFormatOptions() {}

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS =
            ConfigOptions.key("ignore-parse-errors")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Skip a payload that cannot be decoded (counting it in the source's"
                                    + " numRecordsInErrors metric) instead of failing the job.");

    /**
     * Fails when {@code properties} (format options without the format prefix) has a key that is
     * none of {@code options} nor their alias keys, as Flink SQL does for a table's options.
     */
    public static void checkKnownKeys(
            String formatName, Map<String, String> properties, Set<ConfigOption<?>> options) {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> option : options) {
            known.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                known.add(fallback.getKey());
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            String unprefixed =
                    key.startsWith(formatName + ".") ? key.substring(formatName.length() + 1) : key;
            if (!known.contains(unprefixed)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException(
                    String.format(
                            "Unsupported options for format '%s': %s.%nSupported options:%n%s",
                            formatName, String.join(", ", unknown), String.join("\n", known)));
        }
    }

    /** {@code properties} without their format prefix. */
    public static Map<String, String> withoutPrefix(
            String formatName, Map<String, String> properties) {
        Map<String, String> plain = new HashMap<>();
        properties.forEach(
                (k, v) ->
                        plain.put(
                                k.startsWith(formatName + ".")
                                        ? k.substring(formatName.length() + 1)
                                        : k,
                                v));
        return plain;
    }
}
