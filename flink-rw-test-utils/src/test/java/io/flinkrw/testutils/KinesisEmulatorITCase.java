package io.flinkrw.testutils;

import org.apache.flink.core.testutils.CommonTestUtils;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves each {@link KinesisEmulator}: a 2-shard stream round trip and a shard split. */
class KinesisEmulatorITCase {

    private static final int RECORDS = 1_000;

    @Nested
    class KinesisLocal {
        @RegisterExtension final KinesisEmulator kinesis = KinesisEmulator.kinesisLocal();

        @Test
        void putsAndReadsBackThousandRecords() {
            assertRoundTrip(kinesis);
        }

        @Test
        void splitShardShowsChildrenWithTheirParent() throws Exception {
            assertSplit(kinesis);
        }
    }

    /**
     * kinesis-local keeps to the wall clock when it moves after the emulator started: a fresh
     * machine's first NTP correction otherwise left its arrival times and its check of AT_TIMESTAMP
     * instants seconds behind the JVM's clock.
     */
    @Nested
    class KinesisLocalAfterAWallClockStep {
        private static final Duration STEP = Duration.ofMinutes(10);

        @RegisterExtension
        final KinesisEmulator kinesis =
                KinesisEmulator.kinesisLocal().withWallClockStepAfterStart(STEP);

        @Test
        void stampsArrivalsWithTheWallClock() {
            try (KinesisClient client = client(kinesis)) {
                createStream(client, "clock", 1);
                Instant before = Instant.now();
                client.putRecord(
                        b ->
                                b.streamName("clock")
                                        .partitionKey("k")
                                        .data(SdkBytes.fromUtf8String("x")));
                Instant after = Instant.now();
                String shard =
                        client.listShards(b -> b.streamName("clock")).shards().get(0).shardId();
                String iterator =
                        client.getShardIterator(
                                        b ->
                                                b.streamName("clock")
                                                        .shardId(shard)
                                                        .shardIteratorType(
                                                                ShardIteratorType.TRIM_HORIZON))
                                .shardIterator();
                Record record = client.getRecords(b -> b.shardIterator(iterator)).records().get(0);
                assertThat(record.approximateArrivalTimestamp())
                        .isBetween(
                                before.plus(STEP).minusSeconds(1), after.plus(STEP).plusSeconds(1));
            }
        }
    }

    @Nested
    class Kinesalite {
        @RegisterExtension final KinesisEmulator kinesis = KinesisEmulator.kinesalite();

        @Test
        void putsAndReadsBackThousandRecords() {
            assertRoundTrip(kinesis);
        }

        @Test
        void splitShardShowsChildrenWithTheirParent() throws Exception {
            assertSplit(kinesis);
        }
    }

    private static KinesisClient client(KinesisEmulator kinesis) {
        return KinesisClient.builder()
                .endpointOverride(kinesis.endpoint())
                .region(Region.of(kinesis.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        kinesis.accessKeyId(), kinesis.secretAccessKey())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private static void createStream(KinesisClient client, String stream, int shards) {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        client.waiter().waitUntilStreamExists(b -> b.streamName(stream));
    }

    private static void assertRoundTrip(KinesisEmulator kinesis) {
        try (KinesisClient client = client(kinesis)) {
            createStream(client, "proof", 2);
            Set<String> expected = new HashSet<>();
            List<PutRecordsRequestEntry> pending = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String body = "record-" + i;
                expected.add(body);
                pending.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey("key-" + (i % 37))
                                .data(SdkBytes.fromString(body, StandardCharsets.UTF_8))
                                .build());
            }
            for (int from = 0; from < pending.size(); from += 500) {
                List<PutRecordsRequestEntry> batch =
                        pending.subList(from, Math.min(pending.size(), from + 500));
                PutRecordsResponse response =
                        client.putRecords(b -> b.streamName("proof").records(batch));
                assertThat(response.failedRecordCount()).isZero();
            }

            List<Shard> shards = client.listShards(b -> b.streamName("proof")).shards();
            assertThat(shards).hasSize(2);
            Set<String> read = new HashSet<>();
            List<Integer> perShard = new ArrayList<>();
            for (Shard shard : shards) {
                List<String> bodies = readShard(client, "proof", shard.shardId());
                perShard.add(bodies.size());
                read.addAll(bodies);
            }
            assertThat(read).isEqualTo(expected);
            assertThat(perShard.stream().mapToInt(Integer::intValue).sum()).isEqualTo(RECORDS);
            assertThat(perShard).allSatisfy(n -> assertThat(n).isPositive());
        }
    }

    /** Reads a shard from TRIM_HORIZON until a read returns nothing. */
    private static List<String> readShard(KinesisClient client, String stream, String shardId) {
        String iterator =
                client.getShardIterator(
                                b ->
                                        b.streamName(stream)
                                                .shardId(shardId)
                                                .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                        .shardIterator();
        List<String> bodies = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response =
                    client.getRecords(b -> b.shardIterator(current).limit(10_000));
            for (Record record : response.records()) {
                bodies.add(record.data().asUtf8String());
            }
            iterator = response.records().isEmpty() ? null : response.nextShardIterator();
        }
        return bodies;
    }

    private static void assertSplit(KinesisEmulator kinesis) throws Exception {
        try (KinesisClient client = client(kinesis)) {
            createStream(client, "resharded", 2);
            Shard parent = client.listShards(b -> b.streamName("resharded")).shards().get(0);
            BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
            String middle = start.add(end).shiftRight(1).toString();
            client.splitShard(
                    b ->
                            b.streamName("resharded")
                                    .shardToSplit(parent.shardId())
                                    .newStartingHashKey(middle));
            CommonTestUtils.waitUtil(
                    () -> client.listShards(b -> b.streamName("resharded")).shards().size() == 4,
                    Duration.ofSeconds(30),
                    Duration.ofMillis(50),
                    "the split's child shards did not appear");

            List<Shard> shards = client.listShards(b -> b.streamName("resharded")).shards();
            List<Shard> children =
                    shards.stream()
                            .filter(s -> parent.shardId().equals(s.parentShardId()))
                            .collect(Collectors.toList());
            assertThat(shards).hasSize(4);
            assertThat(children).hasSize(2);
            assertThat(children)
                    .extracting(s -> s.hashKeyRange().startingHashKey())
                    .containsExactlyInAnyOrder(parent.hashKeyRange().startingHashKey(), middle);
            Shard closedParent =
                    shards.stream()
                            .filter(s -> s.shardId().equals(parent.shardId()))
                            .findFirst()
                            .orElseThrow();
            assertThat(closedParent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
        }
    }
}
