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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling: one thread that round-robins the stream's shards with GetRecords (the same {@code
 * Limit} as the source's default, 10,000), as fast as the server answers, through the SDK's
 * synchronous client and Apache HTTP client, as the source uses them.
 *
 * <p>Paced, it keeps to Kinesis' read limits per shard as a careful client must on AWS (the
 * emulator does not enforce them): at most 5 calls per second and 2 MiB per second, i.e. after a
 * call that returned {@code n} bytes of data the shard waits {@code max(200 ms, n / 2 MiB/s)} from
 * the start of that call; the loop takes the shard that is due first and sleeps until it is.
 */
final class SdkLoopReader {

    private static final int LIMIT = 10_000;
    private static final long MIN_CALL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_BYTES_PER_SECOND = 2L * 1024 * 1024;

    private SdkLoopReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        read(params, timeout, false);
    }

    static void read(Map<String, String> params, Duration timeout, boolean paced) throws Exception {
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
            Map<String, Long> due = new LinkedHashMap<>();
            iterators.keySet().forEach(shard -> due.put(shard, 0L));
            List<String> allShards = List.copyOf(iterators.keySet());
            while (!recorder.isDone()) {
                for (String shard : paced ? List.of(firstDue(due)) : allShards) {
                    if (paced) {
                        LockSupport.parkNanos(due.get(shard) - System.nanoTime());
                    }
                    String iterator = iterators.get(shard);
                    long callNanos = System.nanoTime();
                    GetRecordsResponse response =
                            client.getRecords(b -> b.shardIterator(iterator).limit(LIMIT));
                    long bytes = 0;
                    for (Record record : response.records()) {
                        byte[] data = record.data().asByteArrayUnsafe();
                        bytes += data.length;
                        recorder.record(data);
                    }
                    iterators.put(shard, response.nextShardIterator());
                    long wait =
                            Math.max(
                                    MIN_CALL_INTERVAL_NANOS,
                                    bytes * 1_000_000_000L / MAX_BYTES_PER_SECOND);
                    due.put(shard, callNanos + wait);
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Not every record was read within " + timeout);
                }
            }
        }
    }

    /** The shard due first; among equals, the first in shard order. */
    private static String firstDue(Map<String, Long> due) {
        String first = null;
        for (Map.Entry<String, Long> shard : due.entrySet()) {
            if (first == null || shard.getValue() < due.get(first)) {
                first = shard.getKey();
            }
        }
        return first;
    }
}
