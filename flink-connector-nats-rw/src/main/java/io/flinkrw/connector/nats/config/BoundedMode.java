package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/** Whether the source stops: {@code scan.bounded.mode}. */
@PublicEvolving
public enum BoundedMode {
    /** Read forever. */
    UNBOUNDED,
    /** Stop each split at the last message its stream held when the job started. */
    LATEST;

    static final List<String> VALUES = List.of("unbounded", "latest");

    static BoundedMode of(String value) {
        return "latest".equals(value) ? LATEST : UNBOUNDED;
    }
}
