package io.flinkrw.connector.kinesis.source.proxy;

import org.apache.flink.annotation.Internal;

import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The Kinesis calls the source makes, and nothing else: a thin layer over the SDK client that
 * enumerators and readers use, so that unit tests can give them fakes and integration tests can
 * wrap the real client to inject failures. Exceptions are the SDK's own.
 */
@Internal
public interface StreamProxy extends AutoCloseable {

    /** The stream's summary; {@code ResourceNotFoundException} when it does not exist. */
    StreamDescriptionSummary describeStreamSummary(String stream);

    /**
     * Every shard that {@code filter} selects (all of them when it is {@code null}), across all
     * ListShards pages, in the order Kinesis returns them.
     */
    List<Shard> listShards(String stream, @Nullable ShardFilter filter);

    /**
     * A shard iterator. {@code sequenceNumber} goes with the two sequence-number types, {@code
     * timestamp} with {@code AT_TIMESTAMP}.
     */
    String getShardIterator(
            String stream,
            String shardId,
            ShardIteratorType type,
            @Nullable String sequenceNumber,
            @Nullable Instant timestamp);

    /** One GetRecords call. */
    GetRecordsResponse getRecords(String shardIterator, int limit);

    /**
     * The stream consumer {@code consumerName} of a stream; {@code ResourceNotFoundException} when
     * there is none.
     */
    ConsumerDescription describeStreamConsumer(String streamArn, String consumerName);

    /** A stream consumer by its ARN; {@code ResourceNotFoundException} when it does not exist. */
    ConsumerDescription describeStreamConsumer(String consumerArn);

    /**
     * Registers a stream consumer (it starts {@code CREATING}); {@code ResourceInUseException} when
     * one with that name exists.
     */
    Consumer registerStreamConsumer(String streamArn, String consumerName);

    /** Deregisters a stream consumer (it goes {@code DELETING}, then away). */
    void deregisterStreamConsumer(String consumerArn);

    /** Releases the client; failures are logged, not thrown. */
    @Override
    void close();
}
