package io.flinkrw.connector.kinesis.testutils;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Test values of the form {@code key:counter}, where each key counts 0, 1, 2, ... */
public final class KeyedCounters {

    private KeyedCounters() {}

    public static String value(String key, int counter) {
        return key + ":" + counter;
    }

    /**
     * Puts {@code size} records spread over the keys {@code key-0 .. key-(counters.length - 1)},
     * each with its key's next counter, and returns their values in order.
     */
    public static List<String> putBatch(
            KinesisTestStreams streams, String stream, int[] counters, int size) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(size);
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int key = (i * 7) % counters.length;
            String value = value("key-" + key, counters[key]++);
            values.add(value);
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("key-" + key)
                            .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                            .build());
        }
        streams.putAll(stream, entries);
        return values;
    }

    /** Asserts that each key's counters come in order without gaps or repeats. */
    public static void assertInKeyOrder(List<String> values) {
        Map<String, Integer> last = new HashMap<>();
        for (String value : values) {
            int colon = value.lastIndexOf(':');
            String key = value.substring(0, colon);
            int counter = Integer.parseInt(value.substring(colon + 1));
            Integer previous = last.put(key, counter);
            assertThat(counter)
                    .as("%s came after %s:%s", value, key, previous)
                    .isEqualTo(previous == null ? 0 : previous + 1);
        }
    }
}
