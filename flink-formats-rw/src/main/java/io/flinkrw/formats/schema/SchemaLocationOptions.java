package io.flinkrw.formats.schema;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/**
 * The options of a schema location, shared by {@code rw-avro} and {@code rw-protobuf} and written
 * under the format's prefix ({@code 'rw-protobuf.schema.location' = 's3://...'}). The S3 keys are
 * RisingWave's {@code ENCODE (...)} keys, aliases included, so a RisingWave definition's options
 * can be copied as they are.
 */
public final class SchemaLocationOptions {

    private SchemaLocationOptions() {}

    public static final ConfigOption<String> SCHEMA_LOCATION =
            ConfigOptions.key("schema.location")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where the schema is: file://, http://, https:// or s3://bucket/key."
                                    + " Fetched once when the table is planned (or the DataStream"
                                    + " deserializer is built) and shipped with the job.");

    public static final ConfigOption<Duration> SCHEMA_LOCATION_TIMEOUT =
            ConfigOptions.key("schema.location.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How long fetching the schema (and each file it imports) may take.");

    public static final ConfigOption<String> AWS_REGION =
            ConfigOptions.key("aws.region")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("region", "s3.region")
                    .withDescription(
                            "Region of an s3:// location; the SDK's default region chain when"
                                    + " absent.");

    public static final ConfigOption<String> AWS_ENDPOINT =
            ConfigOptions.key("aws.endpoint_url")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("endpoint_url", "endpoint", "s3.endpoint")
                    .withDescription(
                            "S3-compatible endpoint of an s3:// location (path-style access).");

    public static final ConfigOption<String> AWS_ACCESS_KEY_ID =
            ConfigOptions.key("aws.credentials.access_key_id")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("access_key", "s3.access.key")
                    .withDescription(
                            "Static access key id; the default credential chain when absent.");

    public static final ConfigOption<String> AWS_SECRET_ACCESS_KEY =
            ConfigOptions.key("aws.credentials.secret_access_key")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("secret_key", "s3.secret.key")
                    .withDescription("Static secret access key (with the access key id).");

    public static final ConfigOption<String> AWS_SESSION_TOKEN =
            ConfigOptions.key("aws.credentials.session_token")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("session_token")
                    .withDescription("Session token of temporary static keys.");

    public static final ConfigOption<String> AWS_ROLE_ARN =
            ConfigOptions.key("aws.credentials.role.arn")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("arn")
                    .withDescription("Role to assume (STS AssumeRole) for reading the schema.");

    public static final ConfigOption<String> AWS_ROLE_EXTERNAL_ID =
            ConfigOptions.key("aws.credentials.role.external_id")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("external_id")
                    .withDescription("External id of the role to assume.");

    public static final ConfigOption<String> AWS_PROFILE =
            ConfigOptions.key("aws.profile")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("profile")
                    .withDescription("Named profile of the AWS shared configuration files.");

    /** Every option of a schema location. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                SCHEMA_LOCATION,
                SCHEMA_LOCATION_TIMEOUT,
                AWS_REGION,
                AWS_ENDPOINT,
                AWS_ACCESS_KEY_ID,
                AWS_SECRET_ACCESS_KEY,
                AWS_SESSION_TOKEN,
                AWS_ROLE_ARN,
                AWS_ROLE_EXTERNAL_ID,
                AWS_PROFILE);
    }
}
