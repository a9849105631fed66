package io.flinkrw.testutils;

import io.flinkrw.testutils.KinesisFaultFront.AwsFault;

import org.apache.flink.core.testutils.CommonTestUtils;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves {@link KinesisFaultFront} in front of each emulator: kinesis-local is called in CBOR (the
 * SDK's default), kinesalite in JSON, and either way the SDK turns each fault into the exception
 * AWS would cause; other calls pass through unchanged.
 */
class KinesisFaultFrontITCase {

    @Nested
    class KinesisLocal {
        @RegisterExtension final KinesisEmulator kinesis = KinesisEmulator.kinesisLocal();

        @Test
        void eachFaultBecomesTheExceptionAwsWouldCause() throws Exception {
            assertFaults(kinesis);
        }

        @Test
        void randomFaultsFollowTheirSeed() throws Exception {
            assertSeeded(kinesis);
        }
    }

    @Nested
    class Kinesalite {
        @RegisterExtension final KinesisEmulator kinesis = KinesisEmulator.kinesalite();

        @Test
        void eachFaultBecomesTheExceptionAwsWouldCause() throws Exception {
            assertFaults(kinesis);
        }
    }

    private static KinesisClient client(KinesisEmulator kinesis, URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(kinesis.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        kinesis.accessKeyId(), kinesis.secretAccessKey())))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    /** A stream of one shard holding one record; returns an iterator at its start. */
    private static String streamWithOneRecord(KinesisClient client) throws Exception {
        String stream = "faults-" + System.nanoTime();
        client.createStream(b -> b.streamName(stream).shardCount(1));
        CommonTestUtils.waitUtil(
                () ->
                        client.describeStreamSummary(b -> b.streamName(stream))
                                        .streamDescriptionSummary()
                                        .streamStatus()
                                == StreamStatus.ACTIVE,
                Duration.ofSeconds(30),
                "The stream did not become active");
        client.putRecord(
                b ->
                        b.streamName(stream)
                                .partitionKey("k")
                                .data(SdkBytes.fromString("hello", StandardCharsets.UTF_8)));
        String shardId = client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        return client.getShardIterator(
                        b ->
                                b.streamName(stream)
                                        .shardId(shardId)
                                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
    }

    private static void assertFaults(KinesisEmulator kinesis) throws Exception {
        try (KinesisFaultFront front = KinesisFaultFront.to(kinesis.endpoint());
                KinesisClient client = client(kinesis, front.endpoint())) {
            String iterator = streamWithOneRecord(client);
            front.failNext("GetRecords", AwsFault.THROTTLING, 1)
                    .failNext("GetRecords", AwsFault.LIMIT_EXCEEDED, 1)
                    .failNext("GetRecords", AwsFault.EXPIRED_ITERATOR, 1)
                    .failNext("GetRecords", AwsFault.RESOURCE_NOT_FOUND, 1)
                    .failNext("GetRecords", AwsFault.INTERNAL_FAILURE, 1)
                    .failNext("GetRecords", AwsFault.SERVICE_UNAVAILABLE, 1);

            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class)
                    .hasMessageContaining("Rate exceeded for shard");
            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOf(LimitExceededException.class);
            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOf(ExpiredIteratorException.class);
            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> {
                                assertThat(e.statusCode()).isEqualTo(500);
                                assertThat(e.awsErrorDetails().errorCode())
                                        .isEqualTo("InternalFailure");
                            });
            assertThatThrownBy(() -> client.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(503));

            // The rules are spent: the call reaches the emulator.
            assertThat(client.getRecords(b -> b.shardIterator(iterator)).records())
                    .extracting(r -> r.data().asUtf8String())
                    .containsExactly("hello");
            assertThat(front.faults("GetRecords")).isEqualTo(6);
            assertThat(front.calls("GetRecords")).isEqualTo(7);
        }
    }

    private static void assertSeeded(KinesisEmulator kinesis) throws Exception {
        long seed = ThreadLocalRandom.current().nextLong();
        System.out.println("KinesisFaultFrontITCase seed: " + seed);
        try (KinesisFaultFront front = KinesisFaultFront.to(kinesis.endpoint());
                KinesisClient client = client(kinesis, front.endpoint())) {
            String iterator = streamWithOneRecord(client);
            List<Boolean> first = faultPattern(client, front, iterator, seed);
            front.heal();
            List<Boolean> second = faultPattern(client, front, iterator, seed);
            assertThat(second).isEqualTo(first);
            assertThat(first).contains(true, false);
        }
    }

    private static List<Boolean> faultPattern(
            KinesisClient client, KinesisFaultFront front, String iterator, long seed) {
        front.failRandomly("GetRecords", AwsFault.SERVICE_UNAVAILABLE, 0.5, seed);
        List<Boolean> pattern = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                client.getRecords(b -> b.shardIterator(iterator));
                pattern.add(false);
            } catch (AwsServiceException e) {
                assertThat(e.statusCode()).isEqualTo(503);
                pattern.add(true);
            }
        }
        return pattern;
    }
}
