package io.flinkrw.e2e.bench.sources;

import io.flinkrw.connector.nats.source.NatsJetStreamSource;
import io.flinkrw.connector.nats.source.NatsJetStreamSourceBuilder;

import java.time.Duration;
import java.util.Map;

/**
 * This project's NATS JetStream source: the batch size the benchmark passes, if any, and otherwise
 * the reader's defaults.
 */
final class NatsRwReader {

    private NatsRwReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        NatsJetStreamSourceBuilder<byte[]> builder =
                NatsJetStreamSource.<byte[]>builder()
                        .setServerUrl(params.get("url"))
                        .setStream(params.get("stream"))
                        .setSubjects(params.get("subject"))
                        .setValueOnlyDeserializer(new PayloadSchema());
        if (params.containsKey("batch")) {
            builder.setFetchBatchSize(Integer.parseInt(params.get("batch")));
        }
        EmbeddedJob.readAll(builder.build(), "flink-rw nats", timeout);
    }
}
