package io.flinkrw.connector.nats.client;

import io.nats.client.PullRequestOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory JetStream server behind the {@link JetStreamClient} seam, with what nats-server does
 * that the source depends on (as nats-server 2.9.10 does): a new consumer's ack floor sits just
 * below its start sequence; a work-queue stream deletes acked messages and refuses a second
 * consumer on the same subject, a consumer without explicit acks and one that does not deliver all.
 * Tests inject reconnects and lost deliveries. Thread-safe (the fetcher thread and the test thread
 * use it).
 */
public final class FakeJetStreamClient implements JetStreamClient {

    /** nats-server's error code for a second consumer on a work-queue subject. */
    public static final int CONSUMER_NOT_UNIQUE = 10100;

    /** nats-server's error codes for a work-queue consumer without explicit acks or deliver all. */
    public static final int WORK_QUEUE_NEEDS_EXPLICIT_ACK = 10098;

    public static final int WORK_QUEUE_NEEDS_DELIVER_ALL = 10101;

    private final Map<String, Stream> streams = new HashMap<>();
    private final AtomicInteger ephemeralNames = new AtomicInteger();
    private final List<String> sentAcks = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Set<String> unreachable = new HashSet<>();
    private final Map<String, Integer> pullRequests = new HashMap<>();
    private long reconnects;
    private long deliveries;
    private boolean closed;

    private static final class Message {
        final String subject;
        final byte[] payload;

        Message(String subject, byte[] payload) {
            this.subject = subject;
            this.payload = payload;
        }
    }

    private static final class Stream {
        final String name;
        final RetentionPolicy retention;
        final List<String> subjects;
        final NavigableMap<Long, Message> messages = new TreeMap<>();
        final Map<String, Consumer> consumers = new LinkedHashMap<>();
        long lastSequence;

        Stream(String name, RetentionPolicy retention, List<String> subjects) {
            this.name = name;
            this.retention = retention;
            this.subjects = subjects;
        }
    }

    private static final class Consumer {
        final String name;
        ConsumerConfiguration configuration;
        long nextSequence;
        long deliveredStreamSequence;
        long deliveredConsumerSequence;
        long ackFloor;
        final TreeSet<Long> unacked = new TreeSet<>();
        int requested;

        Consumer(String name, ConsumerConfiguration configuration, long start) {
            this.name = name;
            this.configuration = configuration;
            this.nextSequence = start;
            this.ackFloor = start - 1;
        }

        String filter() {
            return configuration.getFilterSubject();
        }
    }

    // ---------------------------------------------------------------- test side

    /** Adds a stream that stores {@code subjects} (exact subjects only). */
    public synchronized void addStream(String name, RetentionPolicy retention, String... subjects) {
        streams.put(name, new Stream(name, retention, List.of(subjects)));
    }

    /** Stores {@code count} messages on {@code subject} of {@code stream}, payloads "0", "1"... */
    public synchronized void publish(String stream, String subject, int count) {
        Stream s = streams.get(stream);
        for (int i = 0; i < count; i++) {
            s.lastSequence++;
            s.messages.put(
                    s.lastSequence,
                    new Message(
                            subject,
                            String.valueOf(s.lastSequence).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The sequences {@code stream} still stores. */
    public synchronized List<Long> storedSequences(String stream) {
        return new ArrayList<>(streams.get(stream).messages.keySet());
    }

    /**
     * A reconnect: every open pull request is forgotten, and the server had sent {@code lost} more
     * deliveries of {@code consumer} that never arrived.
     */
    public synchronized void reconnect(String stream, @Nullable String consumer, int lost) {
        reconnects++;
        Stream s = streams.get(stream);
        for (Consumer c : s.consumers.values()) {
            c.requested = 0;
            if (c.name.equals(consumer)) {
                for (int i = 0; i < lost; i++) {
                    Long next = nextMatching(s, c);
                    if (next != null) {
                        deliver(s, c, next);
                    }
                }
            }
        }
    }

    /** The server sent {@code lost} deliveries of {@code consumer} that never arrived. */
    public synchronized void lose(String stream, String consumer, int lost) {
        Stream s = streams.get(stream);
        Consumer c = s.consumers.get(consumer);
        for (int i = 0; i < lost; i++) {
            Long next = nextMatching(s, c);
            if (next != null) {
                c.requested--;
                deliver(s, c, next);
            }
        }
    }

    /**
     * The node that holds {@code consumer} (a single replica) is down: the consumer delivers
     * nothing, and requests about it get no answer, until {@link #reachable(String)}.
     */
    public synchronized void unreachable(String consumer) {
        unreachable.add(consumer);
    }

    /** The node that holds {@code consumer} is back. */
    public synchronized void reachable(String consumer) {
        unreachable.remove(consumer);
    }

    /** How many pull requests were sent to {@code consumer}. */
    public synchronized int pullRequests(String consumer) {
        return pullRequests.getOrDefault(consumer, 0);
    }

    /** The consumers of {@code stream}, by name. */
    public synchronized List<String> consumerNames(String stream) {
        return new ArrayList<>(streams.get(stream).consumers.keySet());
    }

    /** Acks {@code sequence} through consumer {@code name}, as a reader's ack would. */
    public synchronized void ack(String stream, String name, long sequence) {
        ack(String.format("$JS.ACK.%s.%s.1.%d.1.0.0", stream, name, sequence));
    }

    /** What happened on the server, in order: "create <name> at <start>", "delete <name>". */
    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    /** How many deliveries the server made so far, redeliveries and lost ones included. */
    public synchronized long deliveries() {
        return deliveries;
    }

    /** Every ack subject sent. */
    public synchronized List<String> sentAcks() {
        return new ArrayList<>(sentAcks);
    }

    // ---------------------------------------------------------------- the seam

    @Override
    public synchronized void connect() {}

    @Override
    public long maxPayload() {
        return 1024 * 1024;
    }

    @Override
    public synchronized long reconnectCount() {
        return reconnects;
    }

    @Override
    public synchronized boolean isClosedForGood() {
        return closed;
    }

    @Override
    public synchronized List<String> streamNames(String subject) {
        List<String> names = new ArrayList<>();
        for (Stream s : streams.values()) {
            if (s.subjects.contains(subject)) {
                names.add(s.name);
            }
        }
        return names;
    }

    @Nullable
    @Override
    public synchronized StreamState stream(String stream) {
        Stream s = streams.get(stream);
        return s == null ? null : new StreamState(s.name, s.retention, s.lastSequence);
    }

    @Override
    public synchronized void createStream(StreamConfiguration configuration) {
        addStream(
                configuration.getName(),
                configuration.getRetentionPolicy(),
                configuration.getSubjects().toArray(new String[0]));
    }

    @Nullable
    @Override
    public synchronized ConsumerState consumer(String stream, String name)
            throws JetStreamException, IOException {
        checkReachable(name);
        Consumer c = existingStream(stream).consumers.get(name);
        return c == null ? null : state(streams.get(stream), c);
    }

    @Override
    public synchronized ConsumerState createOrUpdateConsumer(
            String stream, ConsumerConfiguration configuration) throws JetStreamException {
        Stream s = existingStream(stream);
        String name =
                configuration.getDurable() != null
                        ? configuration.getDurable()
                        : configuration.getName() != null
                                ? configuration.getName()
                                : "ephemeral-" + ephemeralNames.incrementAndGet();
        Consumer existing = s.consumers.get(name);
        if (existing != null) {
            existing.configuration = configuration;
            return state(s, existing);
        }
        if (s.retention == RetentionPolicy.WorkQueue) {
            if (configuration.getAckPolicy() != AckPolicy.Explicit) {
                throw new JetStreamException(
                        "workqueue stream requires explicit ack",
                        WORK_QUEUE_NEEDS_EXPLICIT_ACK,
                        400);
            }
            if (configuration.getDeliverPolicy() != DeliverPolicy.All) {
                throw new JetStreamException(
                        "consumer must be deliver all on workqueue stream",
                        WORK_QUEUE_NEEDS_DELIVER_ALL,
                        400);
            }
            for (Consumer other : s.consumers.values()) {
                if (other.filter().equals(configuration.getFilterSubject())) {
                    throw new JetStreamException(
                            "filtered consumer not unique on workqueue stream",
                            CONSUMER_NOT_UNIQUE,
                            400);
                }
            }
        }
        long start;
        if (configuration.getDeliverPolicy() == DeliverPolicy.ByStartSequence) {
            start = configuration.getStartSequence();
        } else if (configuration.getDeliverPolicy() == DeliverPolicy.All) {
            start = s.messages.isEmpty() ? s.lastSequence + 1 : s.messages.firstKey();
        } else {
            throw new UnsupportedOperationException(configuration.getDeliverPolicy().toString());
        }
        Consumer c = new Consumer(name, configuration, start);
        s.consumers.put(name, c);
        events.add("create " + name + " at " + start);
        return state(s, c);
    }

    @Override
    public synchronized void deleteConsumer(String stream, String name)
            throws JetStreamException, IOException {
        checkReachable(name);
        if (existingStream(stream).consumers.remove(name) == null) {
            throw new JetStreamException(
                    "consumer not found", JetStreamException.CONSUMER_NOT_FOUND, 404);
        }
        events.add("delete " + name);
    }

    @Override
    public synchronized PullConsumer subscribe(String stream, String name)
            throws JetStreamException {
        Stream s = existingStream(stream);
        if (!s.consumers.containsKey(name)) {
            throw new JetStreamException(
                    "consumer not found", JetStreamException.CONSUMER_NOT_FOUND, 404);
        }
        return new FakePull(s, name);
    }

    @Override
    public synchronized boolean ack(String ackSubject) {
        sentAcks.add(ackSubject);
        // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<ts>.<pending>
        String[] tokens = ackSubject.split("\\.");
        Stream s = streams.get(tokens[2]);
        Consumer c = s == null ? null : s.consumers.get(tokens[3]);
        if (c == null) {
            return true;
        }
        long sequence = Long.parseLong(tokens[5]);
        if (c.configuration.getAckPolicy() == AckPolicy.All) {
            c.unacked.headSet(sequence, true).clear();
        } else {
            c.unacked.remove(sequence);
        }
        c.ackFloor = c.unacked.isEmpty() ? c.deliveredStreamSequence : c.unacked.first() - 1;
        if (s.retention == RetentionPolicy.WorkQueue) {
            if (c.configuration.getAckPolicy() == AckPolicy.All) {
                s.messages.headMap(sequence, true).clear();
            } else {
                s.messages.remove(sequence);
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---------------------------------------------------------------- internals

    private void checkReachable(String consumer) throws IOException {
        if (unreachable.contains(consumer)) {
            throw new IOException("Timeout or no response waiting for NATS JetStream server");
        }
    }

    private Stream existingStream(String stream) throws JetStreamException {
        Stream s = streams.get(stream);
        if (s == null) {
            throw new JetStreamException(
                    "stream not found", JetStreamException.STREAM_NOT_FOUND, 404);
        }
        return s;
    }

    private static ConsumerState state(Stream s, Consumer c) {
        long pending = 0;
        for (Map.Entry<Long, Message> e : s.messages.tailMap(c.nextSequence, true).entrySet()) {
            if (e.getValue().subject.equals(c.filter())) {
                pending++;
            }
        }
        return new ConsumerState(
                c.name,
                c.configuration,
                c.deliveredStreamSequence,
                c.deliveredConsumerSequence,
                c.ackFloor,
                pending);
    }

    @Nullable
    private static Long nextMatching(Stream s, Consumer c) {
        for (Map.Entry<Long, Message> e : s.messages.tailMap(c.nextSequence, true).entrySet()) {
            if (e.getValue().subject.equals(c.filter())) {
                return e.getKey();
            }
        }
        return null;
    }

    private Delivery deliver(Stream s, Consumer c, long sequence) {
        deliveries++;
        Message m = s.messages.get(sequence);
        c.nextSequence = sequence + 1;
        c.deliveredStreamSequence = sequence;
        c.deliveredConsumerSequence++;
        if (c.configuration.getAckPolicy() == AckPolicy.None) {
            c.ackFloor = sequence;
        } else {
            c.unacked.add(sequence);
        }
        long pending = state(s, c).numPending();
        return new Delivery(
                m.subject,
                m.payload,
                null,
                sequence,
                c.deliveredConsumerSequence,
                Instant.ofEpochMilli(sequence),
                pending,
                String.format(
                        "$JS.ACK.%s.%s.1.%d.%d.%d.%d",
                        s.name, c.name, sequence, c.deliveredConsumerSequence, sequence, pending),
                m.payload.length + m.subject.length());
    }

    /** A pull subscription: delivers what open requests ask for, never waits. */
    private final class FakePull implements PullConsumer {
        private final Stream stream;
        private final String name;

        FakePull(Stream stream, String name) {
            this.stream = stream;
            this.name = name;
        }

        @Override
        public void pull(PullRequestOptions options) {
            synchronized (FakeJetStreamClient.this) {
                pullRequests.merge(name, 1, Integer::sum);
                Consumer c = stream.consumers.get(name);
                if (c != null) {
                    c.requested += options.getBatchSize();
                }
            }
        }

        @Nullable
        @Override
        public Delivery next(@Nullable Duration wait) throws ConsumerStatusException {
            synchronized (FakeJetStreamClient.this) {
                Consumer c = stream.consumers.get(name);
                if (c == null) {
                    throw new ConsumerStatusException("409 Consumer Deleted");
                }
                if (c.requested == 0 || unreachable.contains(name)) {
                    return null;
                }
                Long next = nextMatching(stream, c);
                if (next == null) {
                    return null;
                }
                c.requested--;
                return deliver(stream, c, next);
            }
        }

        @Override
        public void unsubscribe() {}
    }
}
