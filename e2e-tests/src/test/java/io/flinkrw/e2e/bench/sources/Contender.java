package io.flinkrw.e2e.bench.sources;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;

/**
 * What reads in a benchmark run. Each one runs in its own JVM ({@link BenchmarkChild}) and is named
 * by its reader's class, loaded only there: the Synadia connector's JVM has its jar and jnats
 * 2.21.1, and neither this project's NATS connector nor jnats 2.26. Its reader is compiled against
 * its jar by the {@code benchmarks-sources} profile (src/bench-synadia).
 */
enum Contender {
    NATS_RW("nats", "flink-rw nats source", "NatsRwReader"),
    NATS_JNATS("nats", "jnats ordered consumer loop", "JnatsLoopReader"),
    NATS_SYNADIA("nats", "synadia flink-connector-nats 2.1.4", "SynadiaReader"),
    KINESIS_RW("kinesis", "flink-rw kinesis source (polling)", "KinesisRwReader"),
    KINESIS_SDK("kinesis", "AWS SDK GetRecords loop", "SdkLoopReader"),
    KINESIS_SDK_PACED(
            "kinesis", "AWS SDK GetRecords loop within Kinesis' limits", "PacedSdkLoopReader");

    final String system;
    final String label;
    private final String readerClass;

    Contender(String system, String label, String readerClass) {
        this.system = system;
        this.label = label;
        this.readerClass = Contender.class.getPackageName() + "." + readerClass;
    }

    /**
     * Reads in this JVM until the {@link ReadRecorder} has everything it expects: calls the static
     * {@code read(Map<String, String> params, Duration timeout)} of the reader class.
     */
    void read(Map<String, String> params, Duration timeout) throws Exception {
        Method read =
                Class.forName(readerClass).getDeclaredMethod("read", Map.class, Duration.class);
        read.setAccessible(true);
        try {
            read.invoke(null, params, timeout);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }
}
