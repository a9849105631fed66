package io.flinkrw.formats;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens deserializers outside a job and collects what they emit. */
public final class FormatTestUtils {

    /** The FileDescriptorSet protoc made of src/test/proto (with imports). */
    public static final Path DESCRIPTOR_SET =
            Path.of("target/test-descriptors/test-schemas.pb").toAbsolutePath();

    /** The test .proto files. */
    public static final Path PROTO_DIR = Path.of("src/test/proto").toAbsolutePath();

    private FormatTestUtils() {}

    /** A metric group that keeps the counters it hands out. */
    public static final class CountingMetricGroup extends UnregisteredMetricsGroup {
        private final Map<String, SimpleCounter> counters = new HashMap<>();

        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(name, n -> new SimpleCounter());
        }

        public long count(String name) {
            SimpleCounter counter = counters.get(name);
            return counter == null ? 0 : counter.getCount();
        }
    }

    /** An initialization context with {@code metrics}. */
    public static DeserializationSchema.InitializationContext context(MetricGroup metrics) {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return metrics;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(FormatTestUtils.class.getClassLoader());
            }
        };
    }

    /** Opens {@code schema} with a throw-away metric group. */
    public static <T extends DeserializationSchema<RowData>> T open(T schema) throws Exception {
        schema.open(context(new CountingMetricGroup()));
        return schema;
    }

    /** Every row {@code schema} emits for {@code payload}. */
    public static List<RowData> collect(DeserializationSchema<RowData> schema, byte[] payload)
            throws Exception {
        List<RowData> rows = new ArrayList<>();
        schema.deserialize(
                payload,
                new org.apache.flink.util.Collector<>() {
                    @Override
                    public void collect(RowData record) {
                        rows.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return rows;
    }
}
