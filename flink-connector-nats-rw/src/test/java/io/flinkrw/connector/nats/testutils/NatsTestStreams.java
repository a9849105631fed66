package io.flinkrw.connector.nats.testutils;

import io.flinkrw.testutils.NatsServer;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test-side access to a {@link NatsServer}'s JetStream: create and delete streams, publish with
 * confirmation. One connection, closed with this object.
 */
public final class NatsTestStreams implements AutoCloseable {

    private static final int IN_FLIGHT = 2_000;

    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;

    private NatsTestStreams(Connection connection) throws IOException {
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
    }

    /** Connects with the server's default options (TLS trust included). */
    public static NatsTestStreams connect(NatsServer server) throws Exception {
        return connect(server.optionsBuilder().maxReconnects(-1));
    }

    /** Connects with the given options. */
    public static NatsTestStreams connect(io.nats.client.Options.Builder options) throws Exception {
        return new NatsTestStreams(Nats.connect(options.build()));
    }

    /** Creates a file-stored stream holding {@code subjects}. */
    public void createStream(String name, String... subjects) throws Exception {
        createStream(name, RetentionPolicy.Limits, subjects);
    }

    /** Creates a file-stored stream with the given retention holding {@code subjects}. */
    public void createStream(String name, RetentionPolicy retention, String... subjects)
            throws Exception {
        management.addStream(
                StreamConfiguration.builder()
                        .name(name)
                        .subjects(subjects)
                        .retentionPolicy(retention)
                        .storageType(StorageType.File)
                        .build());
    }

    /** How many messages {@code stream} holds. */
    public long messageCount(String stream) {
        try {
            return management.getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Could not read stream " + stream, e);
        }
    }

    public void deleteStream(String name) throws IOException, JetStreamApiException {
        management.deleteStream(name);
    }

    public JetStreamManagement management() {
        return management;
    }

    /** Publishes one message and waits for the server to store it; returns its sequence. */
    public long publish(String subject, String payload) throws Exception {
        return jetStream.publish(subject, payload.getBytes(StandardCharsets.UTF_8)).getSeqno();
    }

    /** Publishes one message with headers and waits for the server to store it. */
    public long publish(String subject, Headers headers, byte[] payload) throws Exception {
        return jetStream
                .publish(
                        NatsMessage.builder()
                                .subject(subject)
                                .headers(headers)
                                .data(payload)
                                .build())
                .getSeqno();
    }

    /** Publishes all payloads in order, many in flight at once, and waits until all are stored. */
    public void publishAll(String subject, List<String> payloads) throws Exception {
        List<CompletableFuture<PublishAck>> inFlight = new ArrayList<>();
        for (String payload : payloads) {
            inFlight.add(jetStream.publishAsync(subject, payload.getBytes(StandardCharsets.UTF_8)));
            if (inFlight.size() >= IN_FLIGHT) {
                awaitAll(inFlight);
            }
        }
        awaitAll(inFlight);
    }

    private static void awaitAll(List<CompletableFuture<PublishAck>> futures) throws Exception {
        for (CompletableFuture<PublishAck> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        futures.clear();
    }

    /** The last sequence of {@code stream}. */
    public long lastSequence(String stream) throws Exception {
        return management.getStreamInfo(stream).getStreamState().getLastSequence();
    }

    /** The names of the consumers of {@code stream}. */
    public List<String> consumerNames(String stream) {
        try {
            return management.getConsumerNames(stream);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Could not list the consumers of " + stream, e);
        }
    }

    /** The state of consumer {@code name} of {@code stream}. */
    public ConsumerInfo consumerInfo(String stream, String name) {
        try {
            return management.getConsumerInfo(stream, name);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Could not read consumer " + name, e);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }

    /** Waits for the server to answer a round trip. */
    public void flush() throws Exception {
        connection.flush(Duration.ofSeconds(10));
    }
}
