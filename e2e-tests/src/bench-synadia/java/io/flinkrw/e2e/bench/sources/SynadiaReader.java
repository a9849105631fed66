package io.flinkrw.e2e.bench.sources;

import io.synadia.flink.source.JetStreamSource;
import io.synadia.flink.source.JetStreamSourceBuilder;
import io.synadia.flink.source.JetStreamSubjectConfiguration;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The source of {@code io.synadia:flink-connector-nats:2.1.4}, the NATS connector users pick today:
 * its default ordered consumer ({@code AckBehavior.NoAck}), unbounded, the same batch size as the
 * others, and {@link PayloadConverter}.
 *
 * <p>Compiled by the {@code benchmarks-sources} profile against the connector's jar, and run only
 * in a JVM of its own with that jar and jnats 2.21.1: neither is on this module's test classpath.
 */
final class SynadiaReader {

    private SynadiaReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        Properties connection = new Properties();
        connection.setProperty("io.nats.client.url", params.get("url"));
        JetStreamSource<byte[]> source =
                new JetStreamSourceBuilder<byte[]>()
                        .connectionProperties(connection)
                        .sourceConverter(new PayloadConverter())
                        .addSubjectConfigurations(
                                JetStreamSubjectConfiguration.builder()
                                        .streamName(params.get("stream"))
                                        .subject(params.get("subject"))
                                        .batchSize(Integer.parseInt(params.get("batch")))
                                        .build())
                        .build();
        EmbeddedJob.readAll(source, "synadia nats", timeout);
    }
}
