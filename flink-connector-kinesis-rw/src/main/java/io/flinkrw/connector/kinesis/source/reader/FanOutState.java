package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.enumerator.FanOutConsumerEvent;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an enhanced fan-out reader learns from the enumerator: the ARN of the stream consumer to
 * subscribe through (once it is active), and which shards are closed. The reader's thread updates
 * it from {@link FanOutConsumerEvent}s; the fetcher threads read it and are told of changes.
 */
@Internal
public final class FanOutState {

    @Nullable private volatile String consumerArn;
    private volatile Set<String> closedShardIds = Set.of();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void update(FanOutConsumerEvent event) {
        consumerArn = event.consumerArn();
        closedShardIds = event.closedShardIds();
        listeners.forEach(Runnable::run);
    }

    /** The consumer to subscribe through; {@code null} until the enumerator has one active. */
    @Nullable
    public String consumerArn() {
        return consumerArn;
    }

    /** The shards the enumerator knows to be closed (they have children). */
    public Set<String> closedShardIds() {
        return closedShardIds;
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
