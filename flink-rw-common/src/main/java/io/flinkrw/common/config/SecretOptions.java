package io.flinkrw.common.config;

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

    /** A sorted copy of {@code options} with every secret value replaced by {@link Secret#MASK}. */
    public static Map<String, String> redact(Map<String, String> options) {
        Map<String, String> redacted = new TreeMap<>();
        options.forEach((k, v) -> redacted.put(k, isSecret(k) ? Secret.MASK : v));
        return redacted;
    }
}
