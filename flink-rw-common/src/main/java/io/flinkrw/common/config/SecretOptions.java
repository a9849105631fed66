package io.flinkrw.common.config;

import org.apache.flink.configuration.GlobalConfiguration;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which option keys hold secrets, and option maps with their secrets masked. Covers RisingWave's
 * secret keys ({@code aws.credentials.secret_access_key}, {@code aws.credentials.session_token},
 * {@code password}, {@code jwt}, {@code nkey} and their legacy aliases) in addition to what Flink
 * itself hides.
 */
public final class SecretOptions {

    /** The last dot-separated segment of every secret key. */
    private static final Set<String> SECRET_KEY_SUFFIXES =
            Set.of(
                    "secret_access_key",
                    "session_token",
                    "secret",
                    "password",
                    "jwt",
                    "nkey",
                    "token");

    private SecretOptions() {}

    /**
     * Whether the option {@code key} holds a secret, with or without a format prefix. RisingWave's
     * S3 aliases {@code secret_key} and {@code s3.secret.key} count too.
     */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        String last = lower.substring(lower.lastIndexOf('.') + 1);
        return SECRET_KEY_SUFFIXES.contains(last)
                || lower.contains("password")
                || lower.contains("secret");
    }

    /**
     * Whether Flink would print a secret of {@code options} in the message of a failed table
     * creation, where it lists every table option and masks only the keys it deems sensitive: a
     * value of one of our secret keys that Flink does not mask ({@code jwt}, {@code nkey}, ...), or
     * a URL with user info or a query string (a schema location such as {@code
     * https://user:password@host/x.avsc} or a presigned {@code ...?X-Amz-Signature=...}), whatever
     * its key.
     */
    public static boolean holdsSecretsFlinkPrints(Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (value == null || value.isEmpty() || GlobalConfiguration.isSensitive(key)) {
                continue;
            }
            if (isSecret(key) || isUrlWithCredentials(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} is a URL with user info ({@code user:pw@}) or a query string. */
    static boolean isUrlWithCredentials(String value) {
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            return false;
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = value.indexOf('/', authorityStart);
        String authority =
                pathStart < 0
                        ? value.substring(authorityStart)
                        : value.substring(authorityStart, pathStart);
        return authority.contains("@") || value.indexOf('?', authorityStart) >= 0;
    }

    /** A sorted copy of {@code options} with every secret value replaced by {@link Secret#MASK}. */
    public static Map<String, String> redact(Map<String, String> options) {
        Map<String, String> redacted = new TreeMap<>();
        options.forEach((k, v) -> redacted.put(k, isSecret(k) ? Secret.MASK : v));
        return redacted;
    }
}
