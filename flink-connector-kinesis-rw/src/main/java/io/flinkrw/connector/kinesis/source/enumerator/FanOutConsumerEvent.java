package io.flinkrw.connector.kinesis.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;

/**
 * Enumerator to enhanced fan-out readers: the stream consumer to subscribe through (active), and
 * the shards known to be closed, whose ends a reader must find even when the server does not signal
 * them. Sent to every reader when either changes, and to a reader when it registers.
 */
@Internal
public final class FanOutConsumerEvent implements SourceEvent {

    private static final long serialVersionUID = 1L;

    private final String consumerArn;
    private final Set<String> closedShardIds;

    public FanOutConsumerEvent(String consumerArn, Set<String> closedShardIds) {
        this.consumerArn = consumerArn;
        this.closedShardIds = Set.copyOf(closedShardIds);
    }

    public String consumerArn() {
        return consumerArn;
    }

    public Set<String> closedShardIds() {
        return closedShardIds;
    }

    @Override
    public String toString() {
        return "FanOutConsumerEvent{" + consumerArn + ", closed=" + closedShardIds + '}';
    }
}
