package io.flinkrw.e2e.bench.sources;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The ceiling: one thread that round-robins the stream's shards with GetRecords (the same {@code
 * Limit} as the source's default, 10,000), as fast as the server answers, through the SDK's
 * synchronous client and Apache HTTP client, as the source uses them.
 */
final class SdkLoopReader {

    private static final int LIMIT = 10_000;

    private SdkLoopReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        ReadRecorder recorder = ReadRecorder.current();
        long deadline = System.nanoTime() + timeout.toNanos();
        String stream = params.get("stream");
        try (KinesisClient client =
                KinesisClient.builder()
                        .endpointOverride(URI.create(params.get("endpoint")))
                        .region(Region.of(params.get("region")))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                params.get("access_key"),
                                                params.get("secret_key"))))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build()) {
            Map<String, String> iterators = new LinkedHashMap<>();
            for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
                iterators.put(
                        shard.shardId(),
                        client.getShardIterator(
                                        b ->
                                                b.streamName(stream)
                                                        .shardId(shard.shardId())
                                                        .shardIteratorType(
                                                                ShardIteratorType.TRIM_HORIZON))
                                .shardIterator());
            }
            while (!recorder.isDone()) {
                for (Map.Entry<String, String> shard : iterators.entrySet()) {
                    GetRecordsResponse response =
                            client.getRecords(b -> b.shardIterator(shard.getValue()).limit(LIMIT));
                    for (Record record : response.records()) {
                        recorder.record(record.data().asByteArrayUnsafe());
                    }
                    shard.setValue(response.nextShardIterator());
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Not every record was read within " + timeout);
                }
            }
        }
    }
}
