package io.flinkrw.ddl;

import io.flinkrw.common.config.Secret;
import io.flinkrw.common.config.SecretOptions;
import io.flinkrw.ddl.parse.RwFormat;
import io.flinkrw.ddl.parse.RwOption;
import io.flinkrw.ddl.parse.RwValue;
import io.flinkrw.formats.avro.RwAvroFormatFactory;
import io.flinkrw.formats.avro.RwAvroFormatOptions;
import io.flinkrw.formats.json.RwJsonFormatFactory;
import io.flinkrw.formats.json.RwJsonFormatOptions;
import io.flinkrw.formats.protobuf.RwProtobufFormatFactory;
import io.flinkrw.formats.protobuf.RwProtobufFormatOptions;
import io.flinkrw.formats.schema.SchemaLocationOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RisingWave's format clause to a Flink format: {@code FORMAT PLAIN ENCODE JSON} (legacy {@code ROW
 * FORMAT JSON}) to {@code rw-json}, {@code AVRO} to {@code rw-avro}, {@code PROTOBUF} to {@code
 * rw-protobuf}, {@code BYTES} to Flink's {@code raw}. The {@code ENCODE (...)} options go to the
 * format under its prefix ({@code message} to {@code rw-protobuf.message}, {@code schema.location}
 * and the S3 keys such as {@code aws.region} to {@code rw-avro.schema.location}, ...), checked
 * against the options the format declares.
 */
final class FormatMapping {

    /** Flink's own format for ENCODE BYTES: the whole message in one BYTES column. */
    static final String RAW = "raw";

    private FormatMapping() {}

    /**
     * The Flink format of a statement.
     *
     * @param identifier the format's identifier; null when there is none (a blocking finding says
     *     why)
     * @param options the format's options under its prefix, in the order written
     * @param plainOptions the same options without the prefix, for deriving columns
     * @param encode RisingWave's encode (JSON, AVRO, ...)
     */
    record Result(
            @Nullable String identifier,
            Map<String, String> options,
            Map<String, String> plainOptions,
            String encode) {

        /** Whether the format reads its schema from a location (so the columns can be derived). */
        boolean readsSchema() {
            return RwAvroFormatFactory.IDENTIFIER.equals(identifier)
                    || RwProtobufFormatFactory.IDENTIFIER.equals(identifier);
        }
    }

    static Result translate(RwFormat format, Findings findings) {
        String identifier = null;
        if (!format.format().equals("PLAIN")) {
            findings.unsupportedBlocking(format.position(), formatProblem(format));
        } else {
            switch (format.encode()) {
                case "JSON":
                    identifier = RwJsonFormatFactory.IDENTIFIER;
                    break;
                case "AVRO":
                    identifier = RwAvroFormatFactory.IDENTIFIER;
                    break;
                case "PROTOBUF":
                    identifier = RwProtobufFormatFactory.IDENTIFIER;
                    break;
                case "BYTES":
                    identifier = RAW;
                    break;
                case "CSV":
                    findings.unsupportedBlocking(
                            format.position(),
                            format.written()
                                    + " has no equivalent among the translated formats; Flink's"
                                    + " own 'csv' format is the nearest (without RisingWave's"
                                    + " header handling)");
                    break;
                default:
                    findings.unsupportedBlocking(
                            format.position(),
                            format.written() + " is not an encoding a source can read");
            }
        }
        if (format.keyEncode() != null) {
            findings.unsupported(
                    format.position(),
                    "KEY ENCODE "
                            + format.keyEncode()
                            + " has no equivalent: the connectors decode the payload only");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> plain = new LinkedHashMap<>();
        Set<String> known = identifier == null ? Set.of() : knownKeys(identifier);
        for (RwOption option : format.options()) {
            String key = option.key();
            String where = format.legacy() ? format.written() : "ENCODE " + format.encode();
            if (key.equals("schema.registry")) {
                findings.unsupportedBlocking(
                        option.position(),
                        "a schema registry ("
                                + where
                                + "): the formats read a schema from a location (file://,"
                                + " http(s)://, s3://); RisingWave allows a registry only with"
                                + " Kafka");
                continue;
            }
            if (key.equals("schema.location")
                    && RwJsonFormatFactory.IDENTIFIER.equals(identifier)) {
                findings.unsupported(
                        option.position(),
                        "a JSON Schema location ("
                                + where
                                + ") has no equivalent: rw-json takes the declared columns;"
                                + " the location is dropped");
                continue;
            }
            if (identifier == null) {
                continue;
            }
            String value;
            if (option.value() instanceof RwValue.Literal literal) {
                value = literal.text();
            } else if (option.value() instanceof RwValue.SecretRef secret) {
                value = "<SECRET " + secret.name() + ">";
                findings.unsupported(
                        option.position(),
                        "'"
                                + key
                                + "' = SECRET "
                                + secret.name()
                                + ": Flink has no secret store; replace the placeholder with the"
                                + " value");
            } else {
                findings.unsupported(
                        option.position(), "'" + key + "' in " + where + " is dropped");
                continue;
            }
            if (!known.contains(key)) {
                findings.unsupported(
                        option.position(),
                        "the option "
                                + shown(key, value)
                                + " of "
                                + where
                                + " has no equivalent in "
                                + identifier
                                + "; it is dropped");
                continue;
            }
            options.put(identifier + "." + key, value);
            plain.put(key, value);
        }
        if (RwJsonFormatFactory.IDENTIFIER.equals(identifier)) {
            try {
                RwJsonFormatOptions.validate(Configuration.fromMap(plain));
            } catch (ValidationException | IllegalArgumentException e) {
                findings.error(format.position(), e.getMessage());
            }
        }
        return new Result(identifier, options, plain, format.encode());
    }

    /** An option as {@code 'key' = 'value'}, the value masked when it is a secret. */
    static String shown(String key, String value) {
        boolean secret = SecretOptions.isSecret(key);
        return "'" + key + "' = '" + (secret ? Secret.MASK : value) + "'";
    }

    private static String formatProblem(RwFormat format) {
        String written = format.written();
        switch (format.format()) {
            case "UPSERT":
                return written
                        + " has no equivalent: the connectors read plain records. The nearest is"
                        + " FORMAT PLAIN with a PRIMARY KEY on payload columns (a newer record"
                        + " replaces an older one with the same key), but an empty payload is"
                        + " not a delete and the key is not read from the record key";
            case "DEBEZIUM":
                return written
                        + " has no equivalent among the translated formats; Flink's own"
                        + " '"
                        + ("AVRO".equals(format.encode())
                                ? "debezium-avro-confluent"
                                : "debezium-json")
                        + "' format is the nearest (Flink's decoding rules, not RisingWave's)";
            case "MAXWELL":
                return written
                        + " has no equivalent among the translated formats; Flink's own"
                        + " 'maxwell-json' format is the nearest";
            case "CANAL":
                return written
                        + " has no equivalent among the translated formats; Flink's own"
                        + " 'canal-json' format is the nearest";
            default:
                return written
                        + " has no equivalent: the connectors read "
                        + "FORMAT PLAIN ENCODE JSON | AVRO | PROTOBUF | BYTES";
        }
    }

    /** The keys (and alias keys) format {@code identifier} declares, without its prefix. */
    static Set<String> knownKeys(String identifier) {
        Set<ConfigOption<?>> options = new HashSet<>();
        switch (identifier) {
            case RwJsonFormatFactory.IDENTIFIER:
                options.addAll(RwJsonFormatOptions.requiredOptions());
                options.addAll(RwJsonFormatOptions.optionalOptions());
                break;
            case RwAvroFormatFactory.IDENTIFIER:
                options.addAll(RwAvroFormatOptions.requiredOptions());
                options.addAll(RwAvroFormatOptions.optionalOptions());
                break;
            case RwProtobufFormatFactory.IDENTIFIER:
                options.addAll(RwProtobufFormatOptions.requiredOptions());
                options.addAll(RwProtobufFormatOptions.optionalOptions());
                break;
            default:
                return Set.of();
        }
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> option : options) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        return keys;
    }

    /** Whether the location is on S3 and no S3 option says how to reach it. */
    static boolean s3WithoutSettings(Map<String, String> plainOptions) {
        String location = plainOptions.get(SchemaLocationOptions.SCHEMA_LOCATION.key());
        if (location == null || !location.trim().toLowerCase(Locale.ROOT).startsWith("s3://")) {
            return false;
        }
        return plainOptions.keySet().stream()
                .noneMatch(k -> !k.equals("schema.location") && !k.equals("message"));
    }
}
