package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

import io.nats.client.api.ConsumerConfiguration;

/** What the server says about a consumer: its configuration and how far it got. */
@Internal
public final class ConsumerState {

    private final String name;
    private final ConsumerConfiguration configuration;
    private final long deliveredStreamSequence;
    private final long deliveredConsumerSequence;
    private final long ackFloorStreamSequence;
    private final long numPending;

    public ConsumerState(
            String name,
            ConsumerConfiguration configuration,
            long deliveredStreamSequence,
            long deliveredConsumerSequence,
            long ackFloorStreamSequence,
            long numPending) {
        this.name = name;
        this.configuration = configuration;
        this.deliveredStreamSequence = deliveredStreamSequence;
        this.deliveredConsumerSequence = deliveredConsumerSequence;
        this.ackFloorStreamSequence = ackFloorStreamSequence;
        this.numPending = numPending;
    }

    public String name() {
        return name;
    }

    public ConsumerConfiguration configuration() {
        return configuration;
    }

    /** The stream sequence of the last message delivered (0 when none). */
    public long deliveredStreamSequence() {
        return deliveredStreamSequence;
    }

    /** The consumer sequence of the last delivery (0 when none). */
    public long deliveredConsumerSequence() {
        return deliveredConsumerSequence;
    }

    /** The stream sequence up to which every message is acked. */
    public long ackFloorStreamSequence() {
        return ackFloorStreamSequence;
    }

    /** Messages matching the consumer's filter not delivered yet. */
    public long numPending() {
        return numPending;
    }

    @Override
    public String toString() {
        return "ConsumerState{"
                + name
                + ", delivered="
                + deliveredStreamSequence
                + ", ackFloor="
                + ackFloorStreamSequence
                + ", pending="
                + numPending
                + '}';
    }
}
