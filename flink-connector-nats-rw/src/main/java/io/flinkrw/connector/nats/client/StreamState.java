package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

import io.nats.client.api.RetentionPolicy;

/** What the server says about a stream: its retention and its last sequence. */
@Internal
public final class StreamState {

    private final String name;
    private final RetentionPolicy retention;
    private final long lastSequence;

    public StreamState(String name, RetentionPolicy retention, long lastSequence) {
        this.name = name;
        this.retention = retention;
        this.lastSequence = lastSequence;
    }

    public String name() {
        return name;
    }

    public RetentionPolicy retention() {
        return retention;
    }

    /** The sequence of the last message the stream stored (0 when none). */
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public String toString() {
        return "StreamState{" + name + ", " + retention + ", last=" + lastSequence + '}';
    }
}
