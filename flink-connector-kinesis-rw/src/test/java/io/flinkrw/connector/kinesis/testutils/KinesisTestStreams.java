package io.flinkrw.connector.kinesis.testutils;

import io.flinkrw.testutils.KinesisEmulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;

/**
 * Test-side access to a Kinesis emulator: creates streams, writes records, reshards, and gives the
 * option map a source needs to read a stream of that emulator.
 */
public final class KinesisTestStreams implements AutoCloseable {

    private static final int PUT_RECORDS_BATCH = 500;

    private final KinesisEmulator emulator;
    private final KinesisClient client;

    public KinesisTestStreams(KinesisEmulator emulator) {
        this.emulator = emulator;
        this.client =
                KinesisClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(Region.of(emulator.region()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                emulator.accessKeyId(),
                                                emulator.secretAccessKey())))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
    }

    public KinesisClient client() {
        return client;
    }

    /** The options of a source that reads {@code stream} on this emulator, polling briskly. */
    public Map<String, String> sourceOptions(String stream) {
        Map<String, String> options = new HashMap<>();
        options.put("stream", stream);
        options.put("aws.region", emulator.region());
        options.put("endpoint", emulator.endpoint().toString());
        options.put("aws.credentials.access_key_id", emulator.accessKeyId());
        options.put("aws.credentials.secret_access_key", emulator.secretAccessKey());
        options.put("kinesis.reader.error_retry_interval_ms", "100");
        options.put("kinesis.shard_discovery_interval_ms", "1000");
        return options;
    }

    /** Creates a stream and waits until it is active. */
    public void create(String stream, int shards) {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(stream);
    }

    public void delete(String stream) {
        client.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    /** Every shard, in id order. */
    public List<Shard> shards(String stream) {
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var response =
                    client.listShards(
                            b -> {
                                if (next == null) {
                                    b.streamName(stream);
                                } else {
                                    b.nextToken(next);
                                }
                            });
            shards.addAll(response.shards());
            token = response.nextToken();
        } while (token != null);
        shards.sort(Comparator.comparing(Shard::shardId));
        return shards;
    }

    /** The shards that are not closed, ordered by hash-key range. */
    public List<Shard> openShards(String stream) {
        return shards(stream).stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(
                        Comparator.comparing(
                                s -> new BigInteger(s.hashKeyRange().startingHashKey())))
                .collect(Collectors.toList());
    }

    /** Writes one record and returns its sequence number and shard. */
    public PutRecordResponse put(String stream, String partitionKey, String payload) {
        return client.putRecord(
                b ->
                        b.streamName(stream)
                                .partitionKey(partitionKey)
                                .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8)));
    }

    /** Writes records in order to the shard that owns {@code explicitHashKey}. */
    public List<PutRecordsResultEntry> putToHashKey(
            String stream, String explicitHashKey, List<String> payloads) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (String payload : payloads) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("k")
                            .explicitHashKey(explicitHashKey)
                            .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8))
                            .build());
        }
        return putAll(stream, entries);
    }

    /** Writes records, in order, {@value #PUT_RECORDS_BATCH} per call; fails on any failure. */
    public List<PutRecordsResultEntry> putAll(String stream, List<PutRecordsRequestEntry> entries) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += PUT_RECORDS_BATCH) {
            List<PutRecordsRequestEntry> batch =
                    entries.subList(from, Math.min(entries.size(), from + PUT_RECORDS_BATCH));
            PutRecordsResponse response =
                    client.putRecords(b -> b.streamName(stream).records(batch));
            if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                throw new IllegalStateException(
                        response.failedRecordCount() + " records failed: " + response.records());
            }
            results.addAll(response.records());
        }
        return results;
    }

    /** Splits a shard in the middle of its hash-key range and waits until it is done. */
    public void split(String stream, Shard shard) {
        BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
        client.splitShard(
                b ->
                        b.streamName(stream)
                                .shardToSplit(shard.shardId())
                                .newStartingHashKey(start.add(end).shiftRight(1).toString()));
        awaitActive(stream);
    }

    /** Merges two adjacent shards and waits until it is done. */
    public void merge(String stream, Shard first, Shard adjacent) {
        client.mergeShards(
                b ->
                        b.streamName(stream)
                                .shardToMerge(first.shardId())
                                .adjacentShardToMerge(adjacent.shardId()));
        awaitActive(stream);
    }

    /** UpdateShardCount with uniform scaling (kinesis-local only) and waits until it is done. */
    public void updateShardCount(String stream, int target) {
        client.updateShardCount(
                b ->
                        b.streamName(stream)
                                .targetShardCount(target)
                                .scalingType(ScalingType.UNIFORM_SCALING));
        awaitActive(stream);
    }

    private void awaitActive(String stream) {
        try {
            waitUtil(
                    () ->
                            client.describeStreamSummary(b -> b.streamName(stream))
                                            .streamDescriptionSummary()
                                            .streamStatus()
                                    == StreamStatus.ACTIVE,
                    Duration.ofSeconds(60),
                    Duration.ofMillis(20),
                    "Stream " + stream + " did not become active");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
