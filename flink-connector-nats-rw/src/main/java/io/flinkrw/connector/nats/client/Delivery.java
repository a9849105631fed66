package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

import io.nats.client.impl.Headers;

import javax.annotation.Nullable;

import java.time.Instant;

/** One message a consumer delivered, with its JetStream metadata. */
@Internal
public final class Delivery {

    private final String subject;
    private final byte[] payload;
    @Nullable private final Headers headers;
    private final long streamSequence;
    private final long consumerSequence;
    private final Instant timestamp;
    private final long pending;
    private final String ackSubject;
    private final long byteCount;

    public Delivery(
            String subject,
            byte[] payload,
            @Nullable Headers headers,
            long streamSequence,
            long consumerSequence,
            Instant timestamp,
            long pending,
            String ackSubject,
            long byteCount) {
        this.subject = subject;
        this.payload = payload;
        this.headers = headers;
        this.streamSequence = streamSequence;
        this.consumerSequence = consumerSequence;
        this.timestamp = timestamp;
        this.pending = pending;
        this.ackSubject = ackSubject;
        this.byteCount = byteCount;
    }

    public String subject() {
        return subject;
    }

    public byte[] payload() {
        return payload;
    }

    @Nullable
    public Headers headers() {
        return headers;
    }

    public long streamSequence() {
        return streamSequence;
    }

    /** The consumer's delivery count: grows by one with every delivery, redeliveries included. */
    public long consumerSequence() {
        return consumerSequence;
    }

    /** When the stream stored the message. */
    public Instant timestamp() {
        return timestamp;
    }

    /** Messages of the consumer still to be delivered after this one. */
    public long pending() {
        return pending;
    }

    /** The subject an ack of this delivery goes to. */
    public String ackSubject() {
        return ackSubject;
    }

    /** What the delivery counts against a pull's byte budget. */
    public long byteCount() {
        return byteCount;
    }

    @Override
    public String toString() {
        return "Delivery{" + subject + ", seq=" + streamSequence + '}';
    }
}
