package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.common.aws.CloseableCredentialsProvider;
import io.flinkrw.connector.kinesis.config.KinesisClientSettings;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.util.IOUtils;

import org.reactivestreams.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.Http2Configuration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;
import software.amazon.awssdk.utils.AttributeMap;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@link FanOutStreamProxy} over the SDK's {@link KinesisAsyncClient} and its Netty HTTP client,
 * speaking HTTP/2: with ALPN on {@code https://} endpoints (AWS), and h2c with prior knowledge on
 * {@code http://} ones (emulators). The SDK neither retries nor times out a subscription: the
 * reader does both, with its own backoff and its idle watchdog.
 */
@Internal
public final class KinesisFanOutProxy implements FanOutStreamProxy {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisFanOutProxy.class);

    /** Concurrent HTTP/2 streams, one per subscription: more than a reader ever has. */
    private static final int MAX_CONCURRENCY = 10_000;

    /**
     * Netty threads of one reader: they only decode events and hand them over, never waiting, so a
     * few serve any number of shards (Netty's default is two per core, per reader).
     */
    private static final int EVENT_LOOP_THREADS = 2;

    /** How often idle connections are pinged, so that a dead one fails its subscriptions. */
    private static final Duration HEALTH_CHECK_PING_PERIOD = Duration.ofSeconds(10);

    private final KinesisAsyncClient client;
    private final AutoCloseable[] resources;

    private KinesisFanOutProxy(KinesisAsyncClient client, AutoCloseable... resources) {
        this.client = client;
        this.resources = resources;
    }

    /** A proxy with its own clients and credentials, all closed with it. */
    public static KinesisFanOutProxy create(KinesisClientSettings settings) {
        return create(settings, AttributeMap.empty());
    }

    /**
     * As {@link #create(KinesisClientSettings)}, with defaults for the HTTP client's options (a
     * test trusts an emulator's self-signed certificate this way).
     */
    @VisibleForTesting
    public static KinesisFanOutProxy create(
            KinesisClientSettings settings, AttributeMap httpClientDefaults) {
        URI endpoint = settings.endpoint();
        boolean plainHttp = endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
        NettyNioAsyncHttpClient.Builder netty =
                NettyNioAsyncHttpClient.builder()
                        .protocol(Protocol.HTTP2)
                        .protocolNegotiation(
                                plainHttp
                                        ? ProtocolNegotiation.ASSUME_PROTOCOL
                                        : ProtocolNegotiation.ALPN)
                        .maxConcurrency(MAX_CONCURRENCY)
                        .eventLoopGroupBuilder(
                                SdkEventLoopGroup.builder().numberOfThreads(EVENT_LOOP_THREADS))
                        .connectionTimeout(settings.connectTimeout())
                        // Events stop when the reader applies backpressure; the reader's own
                        // watchdog tells a dead subscription from a waiting one.
                        .readTimeout(Duration.ZERO)
                        .http2Configuration(
                                Http2Configuration.builder()
                                        .healthCheckPingPeriod(HEALTH_CHECK_PING_PERIOD)
                                        .build());
        SdkAsyncHttpClient http = netty.buildWithDefaults(httpClientDefaults);
        // Only an AssumeRole call uses it, to fetch credentials.
        SdkHttpClient stsHttp =
                ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .build();
        CloseableCredentialsProvider credentials = null;
        try {
            Region region = Region.of(settings.region());
            credentials = settings.credentials().createProvider(region, stsHttp);
            KinesisAsyncClientBuilder builder =
                    KinesisAsyncClient.builder()
                            .region(region)
                            .httpClient(http)
                            .credentialsProvider(credentials)
                            .overrideConfiguration(
                                    ClientOverrideConfiguration.builder()
                                            .retryStrategy(AwsRetryStrategy.doNotRetry())
                                            .build());
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return new KinesisFanOutProxy(builder.build(), credentials, http, stsHttp);
        } catch (RuntimeException e) {
            IOUtils.closeAllQuietly(credentials, http, stsHttp);
            throw e;
        }
    }

    @Override
    public void subscribeToShard(
            String consumerArn,
            String shardId,
            StartingPosition startingPosition,
            Subscriber<SubscribeToShardEventStream> subscriber) {
        SubscribeToShardResponseHandler handler =
                SubscribeToShardResponseHandler.builder()
                        .subscriber(() -> subscriber)
                        .onError(subscriber::onError)
                        .build();
        client.subscribeToShard(
                        b ->
                                b.consumerARN(consumerArn)
                                        .shardId(shardId)
                                        .startingPosition(startingPosition),
                        handler)
                .whenComplete(
                        (ignored, error) -> {
                            // Errors before the event stream opened reach only the future.
                            if (error != null) {
                                subscriber.onError(unwrap(error));
                            }
                        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        try {
            client.close();
            IOUtils.closeAll(resources);
        } catch (Exception e) {
            LOG.warn("Could not close the Kinesis async client", e);
        }
    }
}
