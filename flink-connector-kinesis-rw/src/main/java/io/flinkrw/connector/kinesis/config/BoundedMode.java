package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The values of {@code scan.bounded.mode}. */
@PublicEvolving
public enum BoundedMode {
    /** Read forever. */
    UNBOUNDED,
    /** Stop each shard at the records that arrived after the source started. */
    LATEST;

    /** The option value, as written in SQL. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every option value, for messages. */
    static List<String> optionValues() {
        return Arrays.stream(values()).map(BoundedMode::value).collect(Collectors.toList());
    }

    static BoundedMode of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
