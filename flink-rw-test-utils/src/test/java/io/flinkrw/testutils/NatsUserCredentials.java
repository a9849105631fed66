package io.flinkrw.testutils;

import io.nats.client.support.JwtUtils;

/**
 * A NATS user's JWT and NKey seed, as RisingWave's {@code jwt} and {@code nkey} options take them.
 */
public final class NatsUserCredentials {

    private final String jwt;
    private final String seed;

    public NatsUserCredentials(String jwt, String seed) {
        this.jwt = jwt;
        this.seed = seed;
    }

    public String jwt() {
        return jwt;
    }

    /** The user's NKey seed ({@code SU...}). */
    public String seed() {
        return seed;
    }

    /** The text of a {@code .creds} file holding both. */
    public String credsFileText() {
        return String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, seed);
    }

    @Override
    public String toString() {
        return "NatsUserCredentials(jwt=<" + jwt.length() + " chars>, seed=<hidden>)";
    }
}
