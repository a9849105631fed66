package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.List;

/** How the source authenticates to NATS: RisingWave's {@code connect_mode} values. */
@PublicEvolving
public enum ConnectMode {
    /** No authentication. */
    PLAIN("plain"),
    /** {@code username} and {@code password}. */
    USER_AND_PASSWORD("user_and_password"),
    /** A user JWT ({@code jwt}) and the user's NKey seed ({@code nkey}). */
    CREDENTIAL("credential");

    private final String value;

    ConnectMode(String value) {
        this.value = value;
    }

    /** The option value. */
    public String value() {
        return value;
    }

    static List<String> allowedValues() {
        List<String> values = new ArrayList<>();
        for (ConnectMode mode : values()) {
            values.add(mode.value);
        }
        return values;
    }

    static ConnectMode of(String value) {
        for (ConnectMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
