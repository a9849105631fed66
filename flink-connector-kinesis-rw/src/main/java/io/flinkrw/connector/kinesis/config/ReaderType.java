package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The values of {@code kinesis.reader.type}: how the readers fetch records. */
@PublicEvolving
public enum ReaderType {
    /** GetRecords calls, sharing each shard's read limits with the stream's other consumers. */
    POLLING,
    /** Enhanced fan-out: SubscribeToShard over HTTP/2 with a registered stream consumer. */
    EFO;

    /** The option value, as written in SQL. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every option value, for messages. */
    static List<String> optionValues() {
        return Arrays.stream(values()).map(ReaderType::value).collect(Collectors.toList());
    }

    static ReaderType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
