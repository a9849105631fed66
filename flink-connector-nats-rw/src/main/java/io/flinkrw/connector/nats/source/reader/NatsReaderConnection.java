package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.connector.nats.config.NatsClientListener;
import io.flinkrw.connector.nats.config.NatsConnectionConfig;

import org.apache.flink.annotation.Internal;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one NATS connection of a source reader, shared by all its splits: opened when first needed,
 * closed with the reader. It counts reconnects so that split consumers notice that deliveries in
 * flight may have been lost and reposition.
 */
@Internal
public final class NatsReaderConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsReaderConnection.class);

    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

    private final NatsConnectionConfig config;
    private final String name;
    private final AtomicLong reconnects = new AtomicLong();

    private volatile Connection connection;
    private JetStream jetStream;
    private JetStreamManagement management;
    private boolean closed;

    public NatsReaderConnection(NatsConnectionConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    /** The connection, opened on first use. */
    public synchronized Connection get() throws IOException {
        if (closed) {
            throw new IOException("The NATS connection of " + name + " is closed");
        }
        if (connection == null) {
            Connection opened =
                    config.connect(name, new NatsClientListener(name, reconnects::incrementAndGet));
            jetStream = opened.jetStream();
            management = opened.jetStreamManagement();
            connection = opened;
            LOG.info("{} connected to NATS at {}", name, config.servers());
        }
        return connection;
    }

    public synchronized JetStream jetStream() throws IOException {
        get();
        return jetStream;
    }

    public synchronized JetStreamManagement management() throws IOException {
        get();
        return management;
    }

    /** Grows by one with every reconnect; a consumer compares it with the value it started with. */
    public long reconnectCount() {
        return reconnects.get();
    }

    /**
     * Whether the connection gave up for good (it never does on its own: reconnects are unlimited).
     */
    public boolean isClosedForGood() {
        Connection current = connection;
        return current != null && current.getStatus() == Connection.Status.CLOSED;
    }

    /** Acks a delivery; false when the connection cannot take it now. */
    public boolean ack(String ackSubject) {
        Connection current = connection;
        if (current == null) {
            return false;
        }
        try {
            current.publish(ackSubject, ACK);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        closed = true;
        if (connection != null) {
            try {
                // Acks sent just before closing must reach the server.
                connection.flush(Duration.ofSeconds(2));
            } catch (Exception e) {
                LOG.debug("{} could not flush before closing: {}", name, e.toString());
            }
            connection.close();
            connection = null;
            LOG.info("{} closed its NATS connection", name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
