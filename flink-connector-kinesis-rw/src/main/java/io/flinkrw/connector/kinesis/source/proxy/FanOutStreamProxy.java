package io.flinkrw.connector.kinesis.source.proxy;

import org.apache.flink.annotation.Internal;

import org.reactivestreams.Subscriber;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

/**
 * The enhanced fan-out call of the reader: SubscribeToShard, whose events arrive asynchronously. A
 * thin layer over the SDK's async client, so that unit tests can give the reader a fake.
 */
@Internal
public interface FanOutStreamProxy extends AutoCloseable {

    /**
     * Subscribes {@code subscriber} to a shard through a stream consumer. It sees {@code
     * onSubscribe}, then the events as it requests them, then {@code onComplete} or {@code
     * onError}; a failure may be reported more than once, also after {@code onComplete}. The
     * callbacks run on the HTTP client's threads and must never block them.
     */
    void subscribeToShard(
            String consumerArn,
            String shardId,
            StartingPosition startingPosition,
            Subscriber<SubscribeToShardEventStream> subscriber);

    /** Releases the client; failures are logged, not thrown. */
    @Override
    void close();
}
