package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.common.aws.CloseableCredentialsProvider;
import io.flinkrw.connector.kinesis.config.KinesisClientSettings;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.util.IOUtils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.DeregisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StreamProxy} over the SDK's synchronous {@link KinesisClient}, which always uses the
 * Apache HTTP client (named explicitly: several HTTP implementations may be on the classpath), the
 * {@code kinesis.sdk.*} timeouts, and the SDK's standard retries with the configured attempts and
 * jittered exponential backoff.
 */
@Internal
public final class KinesisStreamProxy implements StreamProxy {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisStreamProxy.class);

    /** ListShards restarts from the first page at most this often when a token expires. */
    private static final int MAX_LISTING_RESTARTS = 3;

    private final KinesisClient client;
    @Nullable private final Integer pageSize;
    private final AutoCloseable[] resources;

    @VisibleForTesting
    KinesisStreamProxy(
            KinesisClient client, @Nullable Integer pageSize, AutoCloseable... resources) {
        this.client = client;
        this.pageSize = pageSize;
        this.resources = resources;
    }

    /** A proxy with its own client, HTTP client and credentials, all closed with it. */
    public static KinesisStreamProxy create(KinesisClientSettings settings) {
        return create(settings, null);
    }

    /** As {@link #create(KinesisClientSettings)}, asking ListShards for pages of this size. */
    @VisibleForTesting
    public static KinesisStreamProxy create(
            KinesisClientSettings settings, @Nullable Integer pageSize) {
        SdkHttpClient http =
                ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .build();
        CloseableCredentialsProvider credentials = null;
        try {
            Region region = Region.of(settings.region());
            credentials = settings.credentials().createProvider(region, http);
            KinesisClientBuilder builder =
                    KinesisClient.builder()
                            .region(region)
                            .httpClient(http)
                            .credentialsProvider(credentials)
                            .overrideConfiguration(overrides(settings));
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            return new KinesisStreamProxy(builder.build(), pageSize, credentials, http);
        } catch (RuntimeException e) {
            IOUtils.closeAllQuietly(credentials, http);
            throw e;
        }
    }

    private static ClientOverrideConfiguration overrides(KinesisClientSettings settings) {
        BackoffStrategy backoff =
                settings.initialBackoff().isZero()
                        ? BackoffStrategy.retryImmediately()
                        : BackoffStrategy.exponentialDelay(
                                settings.initialBackoff(), settings.maxBackoff());
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(settings.operationTimeout())
                .apiCallAttemptTimeout(settings.operationAttemptTimeout())
                .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(backoff)
                                .throttlingBackoffStrategy(backoff)
                                // Throttling is expected under load; never stop retrying early.
                                .circuitBreakerEnabled(false)
                                .build())
                .build();
    }

    @Override
    public StreamDescriptionSummary describeStreamSummary(String stream) {
        return client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
    }

    @Override
    public List<Shard> listShards(String stream, @Nullable ShardFilter filter) {
        for (int restart = 0; ; restart++) {
            try {
                return listAllPages(stream, filter);
            } catch (ExpiredNextTokenException e) {
                if (restart >= MAX_LISTING_RESTARTS) {
                    throw e;
                }
                LOG.warn("ListShards token of stream {} expired, listing again", stream);
            }
        }
    }

    private List<Shard> listAllPages(String stream, @Nullable ShardFilter filter) {
        List<Shard> shards = new ArrayList<>();
        String nextToken = null;
        do {
            ListShardsRequest.Builder request = ListShardsRequest.builder().maxResults(pageSize);
            if (nextToken == null) {
                request.streamName(stream).shardFilter(filter);
            } else {
                // Kinesis rejects the stream (and the filter) together with a token.
                request.nextToken(nextToken);
            }
            ListShardsResponse response = client.listShards(request.build());
            shards.addAll(response.shards());
            nextToken = response.nextToken();
        } while (nextToken != null);
        return shards;
    }

    @Override
    public String getShardIterator(
            String stream,
            String shardId,
            ShardIteratorType type,
            @Nullable String sequenceNumber,
            @Nullable Instant timestamp) {
        return client.getShardIterator(
                        b ->
                                b.streamName(stream)
                                        .shardId(shardId)
                                        .shardIteratorType(type)
                                        .startingSequenceNumber(sequenceNumber)
                                        .timestamp(timestamp))
                .shardIterator();
    }

    @Override
    public GetRecordsResponse getRecords(String shardIterator, int limit) {
        return client.getRecords(b -> b.shardIterator(shardIterator).limit(limit));
    }

    @Override
    public ConsumerDescription describeStreamConsumer(String streamArn, String consumerName) {
        return client.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName(consumerName))
                .consumerDescription();
    }

    @Override
    public ConsumerDescription describeStreamConsumer(String consumerArn) {
        return client.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription();
    }

    @Override
    public Consumer registerStreamConsumer(String streamArn, String consumerName) {
        return client.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(consumerName))
                .consumer();
    }

    @Override
    public void deregisterStreamConsumer(String consumerArn) {
        // A built request, not a lambda: this call may run after the job's classes were released.
        client.deregisterStreamConsumer(
                DeregisterStreamConsumerRequest.builder().consumerARN(consumerArn).build());
    }

    @Override
    public void close() {
        try {
            client.close();
            IOUtils.closeAll(resources);
        } catch (Exception e) {
            LOG.warn("Could not close the Kinesis client", e);
        }
    }
}
