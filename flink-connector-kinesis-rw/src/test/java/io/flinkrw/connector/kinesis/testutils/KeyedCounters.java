package io.flinkrw.connector.kinesis.testutils;

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
