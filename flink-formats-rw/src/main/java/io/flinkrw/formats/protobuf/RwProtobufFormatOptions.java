package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.RwFormatOptions;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.schema.SchemaLocationOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.util.HashSet;
import java.util.Set;

/**
 * The options of {@code rw-protobuf} (keys without the {@code rw-protobuf.} prefix) and their
 * validation, shared by the SQL factory and the DataStream builder.
 */
public final class RwProtobufFormatOptions {

    private RwProtobufFormatOptions() {}

    public static final ConfigOption<String> MESSAGE =
            ConfigOptions.key("message")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The message each payload holds: its fully qualified name (e.g."
                                    + " 'shop.v1.Order'; a leading dot is ignored), or a simple"
                                    + " name only one message in the schema has.");

    /** The validated settings of an rw-protobuf table or deserializer. */
    public static final class Settings {
        public final SchemaFetchConfig location;
        public final String message;
        public final boolean ignoreParseErrors;

        Settings(SchemaFetchConfig location, String message, boolean ignoreParseErrors) {
            this.location = location;
            this.message = message;
            this.ignoreParseErrors = ignoreParseErrors;
        }
    }

    public static Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SchemaLocationOptions.SCHEMA_LOCATION, MESSAGE);
    }

    public static Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(SchemaLocationOptions.all());
        options.remove(SchemaLocationOptions.SCHEMA_LOCATION);
        options.add(RwFormatOptions.IGNORE_PARSE_ERRORS);
        return options;
    }

    /** Reads and checks the options; keys in messages carry the {@code rw-protobuf.} prefix. */
    public static Settings validate(ReadableConfig options) {
        SchemaFetchConfig location =
                SchemaFetchConfig.from(RwProtobufFormatFactory.IDENTIFIER, options);
        String message =
                options.getOptional(MESSAGE)
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .orElse(null);
        if (message == null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s.%s' is required: the fully qualified name of the message"
                                    + " each payload holds.",
                            RwProtobufFormatFactory.IDENTIFIER, MESSAGE.key()));
        }
        return new Settings(location, message, options.get(RwFormatOptions.IGNORE_PARSE_ERRORS));
    }
}
