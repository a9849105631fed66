package io.flinkrw.formats.json;

import io.flinkrw.common.config.OptionValidation;
import io.flinkrw.formats.RwFormatOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.util.Set;

/**
 * The options of {@code rw-json} (keys without the {@code rw-json.} prefix) and their validation,
 * shared by the SQL factory and the DataStream builder.
 */
public final class RwJsonFormatOptions {

    private RwJsonFormatOptions() {}

    public static final ConfigOption<String> TIMESTAMPTZ_HANDLING_MODE =
            ConfigOptions.key("timestamptz.handling.mode")
                    .stringType()
                    .defaultValue(JsonTimestamptzMode.GUESS_NUMBER_UNIT.value())
                    .withDescription(
                            "RisingWave's reading of TIMESTAMP_LTZ values: 'guess_number_unit'"
                                    + " (strings with a zone; numbers in s, ms, µs or ns by"
                                    + " magnitude), 'milli', 'micro' (numbers in that unit),"
                                    + " 'utc_string' (strings with a zone only),"
                                    + " 'utc_without_suffix' (strings, UTC when without zone).");

    /** The validated settings of an rw-json table or deserializer. */
    public static final class Settings {
        public final JsonTimestamptzMode timestamptzMode;
        public final boolean ignoreParseErrors;

        Settings(JsonTimestamptzMode timestamptzMode, boolean ignoreParseErrors) {
            this.timestamptzMode = timestamptzMode;
            this.ignoreParseErrors = ignoreParseErrors;
        }
    }

    public static Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    public static Set<ConfigOption<?>> optionalOptions() {
        return Set.of(TIMESTAMPTZ_HANDLING_MODE, RwFormatOptions.IGNORE_PARSE_ERRORS);
    }

    /** Reads and checks the options; keys in messages carry the {@code rw-json.} prefix. */
    public static Settings validate(ReadableConfig options) {
        String mode = options.get(TIMESTAMPTZ_HANDLING_MODE);
        JsonTimestamptzMode timestamptzMode;
        try {
            timestamptzMode = JsonTimestamptzMode.of(mode);
        } catch (IllegalArgumentException e) {
            throw OptionValidation.invalidValue(
                    RwJsonFormatFactory.IDENTIFIER + "." + TIMESTAMPTZ_HANDLING_MODE.key(),
                    mode,
                    JsonTimestamptzMode.allowedValues());
        }
        return new Settings(timestamptzMode, options.get(RwFormatOptions.IGNORE_PARSE_ERRORS));
    }
}
