package io.flinkrw.connector.kinesis.source.proxy;

import org.apache.flink.annotation.Internal;

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

    /** Releases the client; failures are logged, not thrown. */
    @Override
    void close();
}
