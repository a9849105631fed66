package io.flinkrw.e2e.bench.sources;

import io.flinkrw.connector.kinesis.source.KinesisSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** This project's Kinesis source, polling, with the reader's default settings. */
final class KinesisRwReader {

    private KinesisRwReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("stream", params.get("stream"));
        options.put("aws.region", params.get("region"));
        options.put("endpoint", params.get("endpoint"));
        options.put("aws.credentials.access_key_id", params.get("access_key"));
        options.put("aws.credentials.secret_access_key", params.get("secret_key"));
        options.put("scan.startup.mode", "earliest");
        KinesisSource<byte[]> source =
                KinesisSource.<byte[]>builder()
                        .setProperties(options)
                        .setValueOnlyDeserializer(new PayloadSchema())
                        .build();
        EmbeddedJob.readAll(source, "flink-rw kinesis", timeout);
    }
}
