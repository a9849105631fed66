package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.connector.kinesis.config.KinesisClientSettings;

import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the real Kinesis client and makes chosen calls fail before they reach the server: of the
 * GetRecords calls, every 3rd is throttled (ProvisionedThroughputExceeded), every 5th finds its
 * iterator expired, every 7th hits LimitExceeded, every 11th gets kinesis-local's HTTP 500; every
 * 4th GetShardIterator call is throttled. The counts live in this JVM, shared by all readers.
 */
public final class FaultInjectingStreamProxyFactory implements StreamProxyFactory {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Faults> FAULTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public FaultInjectingStreamProxyFactory() {
        FAULTS.put(id, new Faults());
    }

    /** What was injected so far. */
    public Faults faults() {
        return FAULTS.get(id);
    }

    @Override
    public StreamProxy create(KinesisClientSettings settings) {
        return new FaultInjectingProxy(KinesisStreamProxy.create(settings), FAULTS.get(id));
    }

    /** Call and injection counts. */
    public static final class Faults {
        final AtomicInteger getRecordsCalls = new AtomicInteger();
        final AtomicInteger getShardIteratorCalls = new AtomicInteger();
        public final AtomicInteger throttled = new AtomicInteger();
        public final AtomicInteger limitExceeded = new AtomicInteger();
        public final AtomicInteger expired = new AtomicInteger();
        public final AtomicInteger serverErrors = new AtomicInteger();
        public final AtomicInteger iteratorThrottled = new AtomicInteger();
    }

    private static final class FaultInjectingProxy implements StreamProxy {
        private final StreamProxy delegate;
        private final Faults faults;

        FaultInjectingProxy(StreamProxy delegate, Faults faults) {
            this.delegate = delegate;
            this.faults = faults;
        }

        @Override
        public StreamDescriptionSummary describeStreamSummary(String stream) {
            return delegate.describeStreamSummary(stream);
        }

        @Override
        public List<Shard> listShards(String stream, @Nullable ShardFilter filter) {
            return delegate.listShards(stream, filter);
        }

        @Override
        public String getShardIterator(
                String stream,
                String shardId,
                ShardIteratorType type,
                @Nullable String sequenceNumber,
                @Nullable Instant timestamp) {
            if (faults.getShardIteratorCalls.incrementAndGet() % 4 == 0) {
                faults.iteratorThrottled.incrementAndGet();
                throw ProvisionedThroughputExceededException.builder()
                        .message("Injected: rate exceeded for shard " + shardId)
                        .build();
            }
            return delegate.getShardIterator(stream, shardId, type, sequenceNumber, timestamp);
        }

        @Override
        public GetRecordsResponse getRecords(String shardIterator, int limit) {
            int call = faults.getRecordsCalls.incrementAndGet();
            if (call % 3 == 0) {
                faults.throttled.incrementAndGet();
                throw ProvisionedThroughputExceededException.builder()
                        .message("Injected: rate exceeded")
                        .build();
            }
            if (call % 5 == 0) {
                faults.expired.incrementAndGet();
                throw ExpiredIteratorException.builder()
                        .message("Injected: iterator expired")
                        .build();
            }
            if (call % 7 == 0) {
                faults.limitExceeded.incrementAndGet();
                throw LimitExceededException.builder().message("Injected: limit").build();
            }
            if (call % 11 == 0) {
                faults.serverErrors.incrementAndGet();
                throw KinesisException.builder().statusCode(500).build();
            }
            return delegate.getRecords(shardIterator, limit);
        }

        @Override
        public ConsumerDescription describeStreamConsumer(String streamArn, String consumerName) {
            return delegate.describeStreamConsumer(streamArn, consumerName);
        }

        @Override
        public ConsumerDescription describeStreamConsumer(String consumerArn) {
            return delegate.describeStreamConsumer(consumerArn);
        }

        @Override
        public Consumer registerStreamConsumer(String streamArn, String consumerName) {
            return delegate.registerStreamConsumer(streamArn, consumerName);
        }

        @Override
        public void deregisterStreamConsumer(String consumerArn) {
            delegate.deregisterStreamConsumer(consumerArn);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
