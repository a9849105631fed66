package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.connector.nats.client.JetStreamClient;
import io.flinkrw.connector.nats.client.JnatsJetStreamClient;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecord;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulls carry a byte budget: with ~1 MB messages and a reader that takes one record at a time, what
 * the server has delivered but the reader has not taken yet stays within one and a half budgets,
 * and a message larger than the configured budget is still delivered.
 */
class SubjectConsumerByteBudgetITCase {

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private static final String STREAM = "BIG";
    private static final int MESSAGE_BYTES = 1_000_000;
    private static final int MESSAGES = 30;
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    @BeforeAll
    static void publishLargeMessages() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream(STREAM, "big.>");
            for (int i = 0; i < MESSAGES; i++) {
                byte[] payload = new byte[MESSAGE_BYTES];
                payload[0] = (byte) i;
                streams.publish("big.a", new Headers(), payload);
            }
        }
    }

    @Test
    void defaultBudgetBoundsWhatWaitsInTheClient() throws Exception {
        ReadFigures figures = readAll("default_budget", Map.of());
        // Default budget 4 MiB: at most 1.5 budgets (6 MiB) in flight, i.e. 6 messages.
        assertThat(figures.maxOutstanding).isBetween(1L, 6L);
    }

    @Test
    void messageLargerThanTheBudgetIsStillDelivered() throws Exception {
        ReadFigures figures = readAll("small_budget", Map.of("nats.fetch.max_bytes", "100 kb"));
        // The budget is raised to hold two messages of the server's max_payload (1 MiB).
        assertThat(figures.maxOutstanding).isBetween(1L, 3L);
    }

    /** Reads every message one record per poll, measuring what waits in the client meanwhile. */
    private static ReadFigures readAll(String durableName, Map<String, String> extra)
            throws Exception {
        String subject = "big.a";
        Map<String, String> options = new HashMap<>();
        options.put("server_url", NATS.url());
        options.put("subject", subject);
        options.put("connect_mode", "plain");
        options.put("stream", STREAM);
        options.put("consumer.durable_name", durableName);
        options.putAll(extra);
        NatsSourceConfig config = NatsSourceConfig.fromProperties(options);
        NatsSubjectSplit split =
                new NatsSubjectSplit(
                        STREAM,
                        subject,
                        StartPosition.earliest(),
                        NatsSubjectSplit.NO_STOPPING_SEQUENCE);
        List<NatsRecord> records = new ArrayList<>();
        ReadFigures figures = new ReadFigures();
        CommittedPositions committed = new CommittedPositions();
        committed.addSplit(split);
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS);
                JetStreamClient client =
                        new JnatsJetStreamClient(
                                config.connection(), "budget-test", "budget-test")) {
            SubjectConsumer consumer =
                    new SubjectConsumer(
                            split,
                            client,
                            config.consumer(),
                            config.fetchBatchSize(),
                            config.fetchMaxWait(),
                            committed);
            try {
                long deadline = System.nanoTime() + HANG_GUARD.toNanos();
                while (records.size() < MESSAGES) {
                    assertThat(System.nanoTime())
                            .as(
                                    "all %d messages within %s, got %d",
                                    MESSAGES, HANG_GUARD, records.size())
                            .isLessThan(deadline);
                    consumer.poll(1, Duration.ofMillis(100), records::add);
                    long delivered =
                            streams.consumerInfo(STREAM, durableName)
                                    .getDelivered()
                                    .getConsumerSequence();
                    figures.maxOutstanding =
                            Math.max(figures.maxOutstanding, delivered - records.size());
                }
            } finally {
                consumer.close();
            }
        }
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(records.get(i).payload()).hasSize(MESSAGE_BYTES);
            assertThat(records.get(i).payload()[0]).isEqualTo((byte) i);
        }
        System.out.printf(
                "Byte budget %s: %d messages of %d bytes read; at most %d delivered and not yet"
                        + " taken (%d bytes)%n",
                extra.getOrDefault("nats.fetch.max_bytes", "default"),
                MESSAGES,
                MESSAGE_BYTES,
                figures.maxOutstanding,
                figures.maxOutstanding * MESSAGE_BYTES);
        return figures;
    }

    private static final class ReadFigures {
        long maxOutstanding;
    }
}
