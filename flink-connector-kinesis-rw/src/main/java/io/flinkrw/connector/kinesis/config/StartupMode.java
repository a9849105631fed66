package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The values of {@code scan.startup.mode}: where a shard without checkpointed state starts. */
@PublicEvolving
public enum StartupMode {
    /** The oldest record the stream keeps (TRIM_HORIZON). */
    EARLIEST,
    /** Records that arrive after the source was built (job submission), pinned across restarts. */
    LATEST,
    /** After a given sequence number, one for every shard or one per shard. */
    SEQUENCE_NUMBER,
    /** Records that arrived at or after a given instant. */
    TIMESTAMP;

    /** The option value, as written in SQL. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every option value, for messages. */
    static List<String> optionValues() {
        return Arrays.stream(values()).map(StartupMode::value).collect(Collectors.toList());
    }

    static StartupMode of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
