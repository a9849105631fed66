package io.flinkrw.formats.schema;

import io.flinkrw.common.aws.AwsCredentialsConfig;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_ACCESS_KEY_ID;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_ENDPOINT;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_PROFILE;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_REGION;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_ROLE_ARN;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_ROLE_EXTERNAL_ID;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_SECRET_ACCESS_KEY;
import static io.flinkrw.formats.schema.SchemaLocationOptions.AWS_SESSION_TOKEN;
import static io.flinkrw.formats.schema.SchemaLocationOptions.SCHEMA_LOCATION;
import static io.flinkrw.formats.schema.SchemaLocationOptions.SCHEMA_LOCATION_TIMEOUT;

/**
 * A validated schema location with what fetching it needs: the timeout and, for {@code s3://},
 * region, endpoint and credentials. Lives on the planner side only; secrets stay masked.
 */
public final class SchemaFetchConfig {

    private final String formatName;
    private final SchemaLocation location;
    private final Duration timeout;
    @Nullable private final String region;
    @Nullable private final URI endpoint;
    private final AwsCredentialsConfig credentials;
    @Nullable private final String profile;

    private SchemaFetchConfig(
            String formatName,
            SchemaLocation location,
            Duration timeout,
            @Nullable String region,
            @Nullable URI endpoint,
            AwsCredentialsConfig credentials,
            @Nullable String profile) {
        this.formatName = formatName;
        this.location = location;
        this.timeout = timeout;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.profile = profile;
    }

    /**
     * Reads and checks the location options of format {@code formatName} (keys without the format
     * prefix, which messages add back).
     */
    public static SchemaFetchConfig from(String formatName, ReadableConfig options) {
        String prefix = formatName + ".";
        String locationValue =
                options.getOptional(SCHEMA_LOCATION)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                String.format(
                                                        "Option '%s%s' is required: the %s format"
                                                                + " reads its schema from there.",
                                                        prefix,
                                                        SCHEMA_LOCATION.key(),
                                                        formatName)));
        SchemaLocation location =
                SchemaLocation.parse(prefix + SCHEMA_LOCATION.key(), locationValue);
        Duration timeout = options.get(SCHEMA_LOCATION_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value '%s' for option '%s%s': the timeout must be positive.",
                            timeout, prefix, SCHEMA_LOCATION_TIMEOUT.key()));
        }
        String region = blankToNull(options.getOptional(AWS_REGION));
        URI endpoint = endpoint(prefix, blankToNull(options.getOptional(AWS_ENDPOINT)));
        String accessKey = blankToNull(options.getOptional(AWS_ACCESS_KEY_ID));
        String secretKey = blankToNull(options.getOptional(AWS_SECRET_ACCESS_KEY));
        String sessionToken = blankToNull(options.getOptional(AWS_SESSION_TOKEN));
        String roleArn = blankToNull(options.getOptional(AWS_ROLE_ARN));
        String externalId = blankToNull(options.getOptional(AWS_ROLE_EXTERNAL_ID));
        String profile = blankToNull(options.getOptional(AWS_PROFILE));

        if ((accessKey == null) != (secretKey == null)) {
            ConfigOption<String> present =
                    accessKey != null ? AWS_ACCESS_KEY_ID : AWS_SECRET_ACCESS_KEY;
            ConfigOption<String> missing =
                    accessKey != null ? AWS_SECRET_ACCESS_KEY : AWS_ACCESS_KEY_ID;
            throw new ValidationException(
                    String.format(
                            "Option '%s%s' requires option '%s%s': they must be set together.",
                            prefix, present.key(), prefix, missing.key()));
        }
        if (sessionToken != null && accessKey == null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s%s' needs the static keys '%s%s' and '%s%s'.",
                            prefix,
                            AWS_SESSION_TOKEN.key(),
                            prefix,
                            AWS_ACCESS_KEY_ID.key(),
                            prefix,
                            AWS_SECRET_ACCESS_KEY.key()));
        }
        if (externalId != null && roleArn == null) {
            throw new ValidationException(
                    String.format(
                            "Option '%s%s' needs option '%s%s'.",
                            prefix, AWS_ROLE_EXTERNAL_ID.key(), prefix, AWS_ROLE_ARN.key()));
        }
        if (profile != null && (accessKey != null || roleArn != null)) {
            throw new ValidationException(
                    String.format(
                            "Option '%s%s' cannot be combined with static keys or a role: the"
                                    + " profile defines the credentials.",
                            prefix, AWS_PROFILE.key()));
        }
        AwsCredentialsConfig.Builder credentials = AwsCredentialsConfig.builder();
        if (accessKey != null) {
            credentials.staticKeys(accessKey, secretKey).sessionToken(sessionToken);
        }
        if (roleArn != null) {
            credentials.roleArn(roleArn).externalId(externalId);
        }
        return new SchemaFetchConfig(
                formatName, location, timeout, region, endpoint, credentials.build(), profile);
    }

    private static URI endpoint(String prefix, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("http")
                            || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected http(s)://host[:port]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ValidationException(
                    String.format(
                            "Invalid value '%s' for option '%s%s': an endpoint is"
                                    + " http(s)://host[:port].",
                            SchemaLocation.redact(value), prefix, AWS_ENDPOINT.key()));
        }
    }

    private static String blankToNull(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    public String formatName() {
        return formatName;
    }

    public SchemaLocation location() {
        return location;
    }

    public Duration timeout() {
        return timeout;
    }

    @Nullable
    public String region() {
        return region;
    }

    @Nullable
    public URI endpoint() {
        return endpoint;
    }

    public AwsCredentialsConfig credentials() {
        return credentials;
    }

    @Nullable
    public String profile() {
        return profile;
    }

    @Override
    public String toString() {
        return "SchemaFetchConfig{"
                + "location="
                + location
                + ", timeout="
                + timeout
                + (region != null ? ", region=" + region : "")
                + (endpoint != null
                        ? ", endpoint=" + SchemaLocation.redact(endpoint.toString())
                        : "")
                + ", credentials="
                + credentials
                + (profile != null ? ", profile=" + profile : "")
                + '}';
    }
}
