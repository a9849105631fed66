package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/** Where a split without state starts reading: RisingWave's {@code scan.startup.mode}. */
@PublicEvolving
public enum StartupMode {
    /** The first message of the subject. */
    EARLIEST,
    /** Messages stored after the instant the source was built (pinned across restarts). */
    LATEST,
    /** Messages stored at or after {@code scan.startup.timestamp.millis}. */
    TIMESTAMP;

    /** The option values; {@code timestamp_millis} is RisingWave's older name of timestamp. */
    static final List<String> VALUES =
            List.of("earliest", "latest", "timestamp", "timestamp_millis");

    static StartupMode of(String value) {
        switch (value) {
            case "earliest":
                return EARLIEST;
            case "latest":
                return LATEST;
            default:
                return TIMESTAMP;
        }
    }
}
