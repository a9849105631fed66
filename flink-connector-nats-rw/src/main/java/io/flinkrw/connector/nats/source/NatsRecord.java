package io.flinkrw.connector.nats.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

import io.nats.client.impl.Headers;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A message read from a JetStream stream: payload, subject, headers and stream metadata. */
@PublicEvolving
public final class NatsRecord {

    private final String split;
    private final String stream;
    private final String subject;
    private final byte[] payload;
    @Nullable private final Headers headers;
    private final long streamSequence;
    private final long consumerSequence;
    private final Instant timestamp;
    private final long pendingMessages;
    @Nullable private final String ackSubject;

    private Map<String, List<String>> headerMap;

    @Internal
    public NatsRecord(
            String split,
            String stream,
            String subject,
            byte[] payload,
            @Nullable Headers headers,
            long streamSequence,
            long consumerSequence,
            Instant timestamp,
            long pendingMessages,
            @Nullable String ackSubject) {
        this.split = split;
        this.stream = stream;
        this.subject = subject;
        this.payload = payload;
        this.headers = headers;
        this.streamSequence = streamSequence;
        this.consumerSequence = consumerSequence;
        this.timestamp = timestamp;
        this.pendingMessages = pendingMessages;
        this.ackSubject = ackSubject;
    }

    /** The split that read the message: the entry of the {@code subject} option it matched. */
    public String split() {
        return split;
    }

    /** The stream that stores the message. */
    public String stream() {
        return stream;
    }

    /** The subject the message was published to. */
    public String subject() {
        return subject;
    }

    /** The message body (empty, never null, when it has none). */
    public byte[] payload() {
        return payload;
    }

    /** The message headers by name, each with its values in order; empty when it has none. */
    public Map<String, List<String>> headers() {
        if (headerMap == null) {
            if (headers == null || headers.isEmpty()) {
                headerMap = Collections.emptyMap();
            } else {
                Map<String, List<String>> map = new LinkedHashMap<>();
                for (String key : headers.keySet()) {
                    map.put(key, List.copyOf(headers.get(key)));
                }
                headerMap = Collections.unmodifiableMap(map);
            }
        }
        return headerMap;
    }

    /** The message's sequence number in its stream. */
    public long streamSequence() {
        return streamSequence;
    }

    /** When the stream stored the message. */
    public Instant timestamp() {
        return timestamp;
    }

    /** {@link #timestamp()} in epoch milliseconds. */
    public long timestampMillis() {
        return timestamp.toEpochMilli();
    }

    /**
     * How many messages of the split's subject followed this one in the stream when it was read.
     */
    public long pendingMessages() {
        return pendingMessages;
    }

    /** The delivery sequence of the consumer that read the message. */
    @Internal
    public long consumerSequence() {
        return consumerSequence;
    }

    /** Where an ack of this delivery goes; null when the consumer takes no acks. */
    @Internal
    @Nullable
    public String ackSubject() {
        return ackSubject;
    }

    @Override
    public String toString() {
        return "NatsRecord{stream="
                + stream
                + ", subject="
                + subject
                + ", sequence="
                + streamSequence
                + ", timestamp="
                + timestamp
                + ", bytes="
                + payload.length
                + '}';
    }
}
