package io.flinkrw.connector.nats.testutils;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;

/**
 * The jnats threads of the source's own connections: jnats names each connection's threads after
 * the connection ({@code flink-nats-reader-<subtask>:<n>}, {@code flink-nats-enumerator:<n>}).
 */
public final class NatsClientThreads {

    private static final String PREFIX = "flink-nats-";

    private NatsClientThreads() {}

    /** The names of the live threads of the source's connections. */
    public static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(PREFIX))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Waits until no thread of the source's connections is alive. */
    public static void awaitNone(Duration timeout) throws Exception {
        waitUtil(() -> alive().isEmpty(), timeout, "the NATS source's connection threads to end");
    }
}
