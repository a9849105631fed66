package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.connector.nats.client.ConsumerState;
import io.flinkrw.connector.nats.client.FakeJetStreamClient;
import io.flinkrw.connector.nats.config.NatsConsumerSettings;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;

import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split consumer's state machine against a fake server: where it (re)creates its consumer after
 * a reconnect, a delivery gap or a vanished consumer, and how it takes over a consumer a dead
 * reader left behind.
 */
class SubjectConsumerTest {

    private static final String STREAM = "S";
    private static final String SUBJECT = "orders";

    /** How long the pull requests of some tests wait, so that they expire quickly. */
    private static final Duration SHORT_WAIT = Duration.ofMillis(50);

    private final FakeJetStreamClient server = new FakeJetStreamClient();
    private final CommittedPositions committed = new CommittedPositions();

    private static NatsConsumerSettings settings(String... options) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server_url", "nats://localhost:4222");
        properties.put("subject", SUBJECT);
        properties.put("connect_mode", "plain");
        for (int i = 0; i < options.length; i += 2) {
            properties.put(options[i], options[i + 1]);
        }
        return NatsSourceConfig.fromProperties(properties).consumer();
    }

    private SubjectConsumer consumer(StartPosition start, NatsConsumerSettings settings) {
        return consumer(start, settings, Duration.ofSeconds(1));
    }

    private SubjectConsumer consumer(
            StartPosition start, NatsConsumerSettings settings, Duration maxWait) {
        NatsSubjectSplit split =
                new NatsSubjectSplit(STREAM, SUBJECT, start, NatsSubjectSplit.NO_STOPPING_SEQUENCE);
        committed.addSplit(split);
        return new SubjectConsumer(split, server, settings, 100, maxWait, committed);
    }

    private static List<Long> poll(SubjectConsumer consumer) throws Exception {
        List<NatsRecord> records = new ArrayList<>();
        consumer.poll(1_000, null, records::add);
        return records.stream().map(NatsRecord::streamSequence).collect(Collectors.toList());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void aReconnectOnAWorkQueueRedeliversWhatNoCompletedCheckpointCovers() throws Exception {
        server.addStream(STREAM, RetentionPolicy.WorkQueue, SUBJECT);
        server.publish(STREAM, SUBJECT, 10);
        SubjectConsumer consumer =
                consumer(StartPosition.earliest(), settings("consumer.durable_name", "d"));
        assertThat(poll(consumer)).isEqualTo(range(1, 10));
        server.publish(STREAM, SUBJECT, 2);

        // The ten wait in Flink's queue, no checkpoint covers them, and the connection blips
        // while 11 and 12 are on their way.
        server.reconnect(STREAM, "d", 2);
        List<Long> redelivered = poll(consumer);

        assertThat(server.storedSequences(STREAM)).isEqualTo(range(1, 12));
        assertThat(redelivered).isEqualTo(range(1, 12));

        // A checkpoint covering 1..4 completes, and the reader acks those.
        committed.advance(SUBJECT, 4);
        LongStream.rangeClosed(1, 4).forEach(sequence -> server.ack(STREAM, "d", sequence));
        server.reconnect(STREAM, "d", 0);
        assertThat(poll(consumer)).isEqualTo(range(5, 12));
        assertThat(server.storedSequences(STREAM)).isEqualTo(range(5, 12));
    }

    @Test
    void aDeliveryGapRepositionsAtTheCommittedPositionNotTheLastFetched() throws Exception {
        server.addStream(STREAM, RetentionPolicy.Limits, SUBJECT);
        server.publish(STREAM, SUBJECT, 10);
        SubjectConsumer consumer =
                consumer(StartPosition.afterSequence(2), settings("consumer.durable_name", "d"));
        assertThat(poll(consumer)).isEqualTo(range(3, 10));
        server.publish(STREAM, SUBJECT, 5);

        // Deliveries 11 and 12 are lost: 13 arrives first.
        server.lose(STREAM, "d", 2);
        assertThat(poll(consumer)).isEmpty();
        List<Long> after = poll(consumer);
        ConsumerState recreated = server.consumer(STREAM, "d");

        assertThat(recreated.ackFloorStreamSequence()).isEqualTo(2);
        assertThat(after).isEqualTo(range(3, 15));
    }

    @Test
    void withoutAcksAReconnectResumesAfterTheLastFetched() throws Exception {
        server.addStream(STREAM, RetentionPolicy.Limits, SUBJECT);
        server.publish(STREAM, SUBJECT, 10);
        SubjectConsumer consumer = consumer(StartPosition.earliest(), settings());
        assertThat(poll(consumer)).isEqualTo(range(1, 10));
        server.publish(STREAM, SUBJECT, 3);

        server.reconnect(STREAM, server.consumerNames(STREAM).get(0), 0);

        assertThat(poll(consumer)).isEqualTo(range(11, 13));
        assertThat(server.consumerNames(STREAM)).hasSize(1);
    }

    @Test
    void aRestoredSplitTakesOverTheDurableConsumerADeadReaderLeftBehind() throws Exception {
        server.addStream(STREAM, RetentionPolicy.WorkQueue, SUBJECT);
        server.publish(STREAM, SUBJECT, 10);
        // The dead reader had fetched everything and a checkpoint covered 3.
        SubjectConsumer dead =
                consumer(StartPosition.earliest(), settings("consumer.durable_name", "d"));
        poll(dead);

        CommittedPositions restarted = new CommittedPositions();
        NatsSubjectSplit restored =
                new NatsSubjectSplit(
                        STREAM,
                        SUBJECT,
                        StartPosition.afterSequence(3),
                        NatsSubjectSplit.NO_STOPPING_SEQUENCE);
        restarted.addSplit(restored);
        SubjectConsumer taker =
                new SubjectConsumer(
                        restored,
                        server,
                        settings("consumer.durable_name", "d"),
                        100,
                        Duration.ofSeconds(1),
                        restarted);

        // The dead reader's acks of 1..3 never went out: they come again (the emitter skips them).
        assertThat(poll(taker)).isEqualTo(range(1, 10));
        assertThat(server.consumerNames(STREAM)).containsExactly("d");
        assertThat(server.storedSequences(STREAM)).isEqualTo(range(1, 10));
    }

    @Test
    void aVanishedConsumerIsRecreatedAtTheCommittedPosition() throws Exception {
        server.addStream(STREAM, RetentionPolicy.WorkQueue, SUBJECT);
        server.publish(STREAM, SUBJECT, 6);
        SubjectConsumer consumer =
                consumer(StartPosition.earliest(), settings("consumer.durable_name", "d"));
        assertThat(poll(consumer)).isEqualTo(range(1, 6));
        committed.advance(SUBJECT, 2);
        server.ack(STREAM, "d", 1);
        server.ack(STREAM, "d", 2);

        server.deleteConsumer(STREAM, "d");
        poll(consumer);

        assertThat(poll(consumer)).isEqualTo(range(3, 6));
        assertThat(server.storedSequences(STREAM)).isEqualTo(range(3, 6));
    }

    @Test
    void anEphemeralConsumerWhoseNodeIsDownIsReplacedAfterAnEmptyPull() throws Exception {
        server.addStream(STREAM, RetentionPolicy.Limits, SUBJECT);
        server.publish(STREAM, SUBJECT, 5);
        SubjectConsumer consumer = consumer(StartPosition.earliest(), settings(), SHORT_WAIT);
        assertThat(poll(consumer)).isEqualTo(range(1, 5));
        String first = server.consumerNames(STREAM).get(0);

        // The node holding the single replica dies: no deliveries, no answers, no reconnect.
        server.unreachable(first);
        server.publish(STREAM, SUBJECT, 3);

        assertThat(pollUntilRecords(consumer)).isEqualTo(range(6, 8));
        assertThat(server.consumerNames(STREAM)).hasSize(2).contains(first);
        assertThat(server.events()).doesNotContain("delete " + first);
    }

    @Test
    void theConsumerIsCheckedWhenAPullExpiresEvenIfItBroughtSomething() throws Exception {
        server.addStream(STREAM, RetentionPolicy.Limits, SUBJECT);
        server.publish(STREAM, SUBJECT, 5);
        SubjectConsumer consumer = consumer(StartPosition.earliest(), settings(), SHORT_WAIT);
        // The open pull asked for 100 and brought 5 when the node holding the consumer died.
        assertThat(poll(consumer)).isEqualTo(range(1, 5));
        String first = server.consumerNames(STREAM).get(0);
        server.unreachable(first);
        server.publish(STREAM, SUBJECT, 3);

        assertThat(pollUntilRecords(consumer)).isEqualTo(range(6, 8));
        // Not a second pull's wait before the check.
        assertThat(server.pullRequests(first)).isEqualTo(1);
    }

    @Test
    void aDurableConsumerThatDoesNotAnswerIsKept() throws Exception {
        server.addStream(STREAM, RetentionPolicy.Limits, SUBJECT);
        server.publish(STREAM, SUBJECT, 5);
        SubjectConsumer consumer =
                consumer(
                        StartPosition.earliest(),
                        settings("consumer.durable_name", "d"),
                        SHORT_WAIT);
        assertThat(poll(consumer)).isEqualTo(range(1, 5));
        committed.advance(SUBJECT, 5);

        // Its leader is gone while its replicas elect another: the consumer is not recreated.
        server.unreachable("d");
        server.publish(STREAM, SUBJECT, 3);
        long deadline = System.nanoTime() + SHORT_WAIT.multipliedBy(4).toNanos();
        while (System.nanoTime() - deadline < 0) {
            assertThat(poll(consumer)).isEmpty();
        }
        server.reachable("d");

        assertThat(pollUntilRecords(consumer)).isEqualTo(range(6, 8));
        assertThat(server.events()).containsExactly("create d at 1");
    }

    /** Polls until records arrive (pull requests must expire first); fails after a guard. */
    private static List<Long> pollUntilRecords(SubjectConsumer consumer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Long> records = poll(consumer);
            if (!records.isEmpty()) {
                return records;
            }
            assertThat(System.nanoTime() - deadline).as("records within 30 s").isNegative();
        }
    }
}
