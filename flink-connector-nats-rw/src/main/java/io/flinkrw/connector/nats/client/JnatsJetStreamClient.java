package io.flinkrw.connector.nats.client;

import io.flinkrw.connector.nats.config.NatsClientListener;
import io.flinkrw.connector.nats.config.NatsConnectionConfig;

import org.apache.flink.annotation.Internal;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link JetStreamClient} over one jnats connection: opened when first needed, closed with its
 * owner (a source reader, shared by its splits, or the split planner). It counts reconnects so that
 * split consumers notice that deliveries in flight may have been lost.
 */
@Internal
public final class JnatsJetStreamClient implements JetStreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(JnatsJetStreamClient.class);

    private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);

    private final NatsConnectionConfig config;
    private final String name;
    private final String label;
    private final AtomicLong reconnects = new AtomicLong();

    private volatile Connection connection;
    private JetStream jetStream;
    private JetStreamManagement management;
    private boolean closed;

    /**
     * @param name the connection's name on the server
     * @param label who owns the connection, for log lines
     */
    public JnatsJetStreamClient(NatsConnectionConfig config, String name, String label) {
        this.config = config;
        this.name = name;
        this.label = label;
    }

    @Override
    public synchronized void connect() throws IOException {
        if (closed) {
            throw new IOException("The NATS connection of " + name + " is closed");
        }
        if (connection == null) {
            Connection opened =
                    config.connect(
                            name, new NatsClientListener(label, reconnects::incrementAndGet));
            jetStream = opened.jetStream();
            management = opened.jetStreamManagement();
            connection = opened;
            LOG.info("{} connected to NATS at {}", name, config.servers());
        }
    }

    private synchronized JetStreamManagement management() throws IOException {
        connect();
        return management;
    }

    private synchronized JetStream jetStream() throws IOException {
        connect();
        return jetStream;
    }

    @Override
    public long reconnectCount() {
        return reconnects.get();
    }

    @Override
    public boolean isClosedForGood() {
        Connection current = connection;
        return current != null && current.getStatus() == Connection.Status.CLOSED;
    }

    @Override
    public List<String> streamNames(String subject) throws IOException, JetStreamException {
        try {
            return management().getStreamNames(subject);
        } catch (JetStreamApiException e) {
            throw converted(e);
        }
    }

    @Nullable
    @Override
    public StreamState stream(String stream) throws IOException, JetStreamException {
        try {
            StreamInfo info = management().getStreamInfo(stream);
            return new StreamState(
                    stream,
                    info.getConfiguration().getRetentionPolicy(),
                    info.getStreamState().getLastSequence());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamException.STREAM_NOT_FOUND) {
                return null;
            }
            throw converted(e);
        }
    }

    @Override
    public void createStream(StreamConfiguration configuration)
            throws IOException, JetStreamException {
        try {
            management().addStream(configuration);
        } catch (JetStreamApiException e) {
            throw converted(e);
        }
    }

    @Nullable
    @Override
    public ConsumerState consumer(String stream, String consumer)
            throws IOException, JetStreamException {
        try {
            return state(management().getConsumerInfo(stream, consumer));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamException.CONSUMER_NOT_FOUND) {
                return null;
            }
            throw converted(e);
        }
    }

    @Override
    public ConsumerState createOrUpdateConsumer(String stream, ConsumerConfiguration configuration)
            throws IOException, JetStreamException {
        try {
            return state(management().addOrUpdateConsumer(stream, configuration));
        } catch (JetStreamApiException e) {
            throw converted(e);
        }
    }

    @Override
    public void deleteConsumer(String stream, String consumer)
            throws IOException, JetStreamException {
        try {
            management().deleteConsumer(stream, consumer);
        } catch (JetStreamApiException e) {
            throw converted(e);
        }
    }

    @Override
    public PullConsumer subscribe(String stream, String consumer)
            throws IOException, JetStreamException {
        try {
            return new JnatsPullConsumer(
                    jetStream().subscribe(null, PullSubscribeOptions.fastBind(stream, consumer)));
        } catch (JetStreamApiException e) {
            throw converted(e);
        }
    }

    @Override
    public long maxPayload() throws IOException {
        connect();
        return connection.getMaxPayload();
    }

    @Override
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

    private static ConsumerState state(ConsumerInfo info) {
        return new ConsumerState(
                info.getName(),
                info.getConsumerConfiguration(),
                info.getDelivered().getStreamSequence(),
                info.getDelivered().getConsumerSequence(),
                info.getAckFloor().getStreamSequence(),
                info.getNumPending());
    }

    private static JetStreamException converted(JetStreamApiException e) {
        return new JetStreamException(e.getMessage(), e.getApiErrorCode(), e.getErrorCode(), e);
    }

    /** A jnats pull subscription. */
    private static final class JnatsPullConsumer implements PullConsumer {

        private final JetStreamSubscription subscription;

        JnatsPullConsumer(JetStreamSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void pull(PullRequestOptions options) {
            subscription.pull(options);
        }

        @Nullable
        @Override
        public Delivery next(@Nullable Duration wait)
                throws InterruptedException, ConsumerStatusException {
            Message message;
            try {
                message = subscription.nextMessage(wait);
                while (message != null && !message.isJetStream()) {
                    message = subscription.nextMessage((Duration) null);
                }
            } catch (JetStreamStatusException e) {
                throw new ConsumerStatusException(String.valueOf(e.getStatus()), e);
            } catch (IllegalStateException e) {
                throw new ConsumerStatusException(e.getMessage(), e);
            }
            if (message == null) {
                return null;
            }
            NatsJetStreamMetaData meta = message.metaData();
            return new Delivery(
                    message.getSubject(),
                    message.getData() == null ? new byte[0] : message.getData(),
                    message.getHeaders(),
                    meta.streamSequence(),
                    meta.consumerSequence(),
                    meta.timestamp().toInstant(),
                    meta.pendingCount(),
                    message.getReplyTo(),
                    Math.max(0, message.consumeByteCount()));
        }

        @Override
        public void unsubscribe() {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("Could not unsubscribe: {}", e.toString());
            }
        }
    }
}
