package io.flinkrw.formats.avro;

import io.flinkrw.common.config.OptionValidation;
import io.flinkrw.formats.RwFormatOptions;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.schema.SchemaLocationOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code rw-avro} (keys without the {@code rw-avro.} prefix) and their validation,
 * shared by the SQL factory and the DataStream builder.
 */
public final class RwAvroFormatOptions {

    private RwAvroFormatOptions() {}

    public static final ConfigOption<String> MESSAGE =
            ConfigOptions.key("message")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Full name of the record each message holds, when the schema defines"
                                    + " several (RisingWave's 'message'). Default: the schema's"
                                    + " top-level record.");

    public static final ConfigOption<String> ENCODING =
            ConfigOptions.key("encoding")
                    .stringType()
                    .defaultValue(AvroEncoding.AUTO.value())
                    .withDescription(
                            "How a message carries its record: 'auto' (detected per message),"
                                    + " 'raw' (binary datum), 'single-object' (C3 01 +"
                                    + " fingerprint + datum) or 'container' (a whole object"
                                    + " container file).");

    public static final ConfigOption<Boolean> WITH_DEPRECATED_FILE_HEADER =
            ConfigOptions.key("with_deprecated_file_header")
                    .booleanType()
                    .noDefaultValue()
                    .withDescription(
                            "RisingWave's switch for messages that are whole container files;"
                                    + " 'true' means encoding 'container'.");

    public static final ConfigOption<String> MAP_HANDLING_MODE =
            ConfigOptions.key("map.handling.mode")
                    .stringType()
                    .defaultValue("map")
                    .withDescription(
                            "RisingWave's map handling; only 'map' (Avro maps as MAP columns).");

    /** The validated settings of an rw-avro table or deserializer. */
    public static final class Settings {
        public final SchemaFetchConfig location;
        @Nullable public final String message;
        public final AvroEncoding encoding;
        public final boolean ignoreParseErrors;

        Settings(
                SchemaFetchConfig location,
                @Nullable String message,
                AvroEncoding encoding,
                boolean ignoreParseErrors) {
            this.location = location;
            this.message = message;
            this.encoding = encoding;
            this.ignoreParseErrors = ignoreParseErrors;
        }
    }

    public static Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SchemaLocationOptions.SCHEMA_LOCATION);
    }

    public static Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(SchemaLocationOptions.all());
        options.remove(SchemaLocationOptions.SCHEMA_LOCATION);
        options.add(MESSAGE);
        options.add(ENCODING);
        options.add(WITH_DEPRECATED_FILE_HEADER);
        options.add(MAP_HANDLING_MODE);
        options.add(RwFormatOptions.IGNORE_PARSE_ERRORS);
        return options;
    }

    /** Reads and checks the options; keys in messages carry the {@code rw-avro.} prefix. */
    public static Settings validate(ReadableConfig options) {
        String prefix = RwAvroFormatFactory.IDENTIFIER + ".";
        SchemaFetchConfig location =
                SchemaFetchConfig.from(RwAvroFormatFactory.IDENTIFIER, options);
        AvroEncoding encoding;
        String encodingValue = options.get(ENCODING);
        try {
            encoding = AvroEncoding.of(encodingValue);
        } catch (IllegalArgumentException e) {
            throw OptionValidation.invalidValue(
                    prefix + ENCODING.key(), encodingValue, AvroEncoding.allowedValues());
        }
        Boolean fileHeader = options.getOptional(WITH_DEPRECATED_FILE_HEADER).orElse(null);
        if (Boolean.TRUE.equals(fileHeader)) {
            if (options.getOptional(ENCODING).isPresent()
                    && encoding != AvroEncoding.CONTAINER
                    && encoding != AvroEncoding.AUTO) {
                throw new ValidationException(
                        String.format(
                                "Option '%s%s' = 'true' means container files, which"
                                        + " contradicts '%s%s' = '%s'.",
                                prefix,
                                WITH_DEPRECATED_FILE_HEADER.key(),
                                prefix,
                                ENCODING.key(),
                                encoding.value()));
            }
            encoding = AvroEncoding.CONTAINER;
        }
        String mapMode = options.get(MAP_HANDLING_MODE).trim().toLowerCase(Locale.ROOT);
        if (!mapMode.equals("map")) {
            throw new ValidationException(
                    String.format(
                            "Invalid value '%s' for option '%s%s'. Allowed values: map. (Flink has"
                                    + " no jsonb type: declare a MAP column, or a STRING column"
                                    + " with rw-json.)",
                            options.get(MAP_HANDLING_MODE), prefix, MAP_HANDLING_MODE.key()));
        }
        String message =
                options.getOptional(MESSAGE)
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .orElse(null);
        return new Settings(
                location, message, encoding, options.get(RwFormatOptions.IGNORE_PARSE_ERRORS));
    }
}
