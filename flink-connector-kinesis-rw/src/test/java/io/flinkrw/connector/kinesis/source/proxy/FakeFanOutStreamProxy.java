package io.flinkrw.connector.kinesis.source.proxy;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fan-out client for unit tests: it records each subscription, and the test plays the server's
 * part on it (open it, send events, fail or end it) on the test's thread.
 */
public final class FakeFanOutStreamProxy implements FanOutStreamProxy {

    private final List<FakeSubscription> subscriptions = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void subscribeToShard(
            String consumerArn,
            String shardId,
            StartingPosition startingPosition,
            Subscriber<SubscribeToShardEventStream> subscriber) {
        subscriptions.add(new FakeSubscription(consumerArn, shardId, startingPosition, subscriber));
    }

    public synchronized List<FakeSubscription> subscriptions() {
        return new ArrayList<>(subscriptions);
    }

    /** The newest subscription. */
    public synchronized FakeSubscription last() {
        return subscriptions.get(subscriptions.size() - 1);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** A record as Kinesis sends it. */
    public static Record record(String sequenceNumber, String payload) {
        return Record.builder()
                .sequenceNumber(sequenceNumber)
                .partitionKey("key-" + payload)
                .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8))
                .approximateArrivalTimestamp(Instant.ofEpochMilli(1_000))
                .build();
    }

    /** One SubscribeToShard call, seen from the server. */
    public static final class FakeSubscription implements Subscription {
        public final String consumerArn;
        public final String shardId;
        public final StartingPosition position;
        private final Subscriber<SubscribeToShardEventStream> subscriber;
        private long requested;
        private boolean cancelled;

        FakeSubscription(
                String consumerArn,
                String shardId,
                StartingPosition position,
                Subscriber<SubscribeToShardEventStream> subscriber) {
            this.consumerArn = consumerArn;
            this.shardId = shardId;
            this.position = position;
            this.subscriber = subscriber;
        }

        /** The server accepted the subscription. */
        public FakeSubscription open() {
            subscriber.onSubscribe(this);
            return this;
        }

        /** Sends an event with these records. */
        public FakeSubscription event(
                @Nullable String continuationSequenceNumber,
                long millisBehindLatest,
                Record... records) {
            return send(
                    SubscribeToShardEvent.builder()
                            .records(records)
                            .continuationSequenceNumber(continuationSequenceNumber)
                            .millisBehindLatest(millisBehindLatest)
                            .build());
        }

        /** The final event of a closed shard: no continuation, the children. */
        public FakeSubscription finalEvent(List<String> children, Record... records) {
            List<ChildShard> childShards = new ArrayList<>();
            for (String child : children) {
                childShards.add(ChildShard.builder().shardId(child).build());
            }
            return send(
                    SubscribeToShardEvent.builder()
                            .records(records)
                            .millisBehindLatest(0L)
                            .childShards(childShards)
                            .build());
        }

        private FakeSubscription send(SubscribeToShardEvent event) {
            if (requested <= 0) {
                throw new AssertionError("The reader asked for no more events");
            }
            requested--;
            subscriber.onNext(event);
            return this;
        }

        public void fail(Throwable error) {
            subscriber.onError(error);
        }

        public void complete() {
            subscriber.onComplete();
        }

        /** Events asked for and not sent yet. */
        public synchronized long requested() {
            return requested;
        }

        public synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public synchronized void request(long n) {
            requested += n;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }
}
