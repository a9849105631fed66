package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.List;

/**
 * Everything the source asks of a NATS JetStream server: connecting, streams, consumers, pulls and
 * acks. The reader and the split planner talk to the server through this seam only, so their logic
 * runs against a fake in unit tests.
 */
@Internal
public interface JetStreamClient extends AutoCloseable {

    /**
     * Connects if not connected yet. The first connect fails at once (credentials, TLS trust, an
     * unknown host); once connected, the client reconnects by itself.
     */
    void connect() throws IOException;

    /** Grows by one with every reconnect: deliveries in flight at that moment may be lost. */
    long reconnectCount();

    /** Whether the connection gave up for good. */
    boolean isClosedForGood();

    /** The names of the streams that store {@code subject}. */
    List<String> streamNames(String subject) throws IOException, JetStreamException;

    /** The state of {@code stream}, or null when it does not exist. */
    @Nullable
    StreamState stream(String stream) throws IOException, JetStreamException;

    void createStream(StreamConfiguration configuration) throws IOException, JetStreamException;

    /** The state of consumer {@code name} of {@code stream}, or null when it does not exist. */
    @Nullable
    ConsumerState consumer(String stream, String name) throws IOException, JetStreamException;

    /** Creates a consumer, or updates it when one of that name exists. */
    ConsumerState createOrUpdateConsumer(String stream, ConsumerConfiguration configuration)
            throws IOException, JetStreamException;

    void deleteConsumer(String stream, String name) throws IOException, JetStreamException;

    /** Binds a pull subscription to consumer {@code name} of {@code stream}. */
    PullConsumer subscribe(String stream, String name) throws IOException, JetStreamException;

    /** The largest message the connected server accepts, in bytes. */
    long maxPayload() throws IOException;

    /** Acks a delivery; false when the connection cannot take it now. */
    boolean ack(String ackSubject);

    /** Closes the connection, after flushing the acks sent just before. */
    @Override
    void close() throws InterruptedException;
}
