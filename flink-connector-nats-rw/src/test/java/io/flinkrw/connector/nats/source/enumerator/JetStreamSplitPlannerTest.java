package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.client.FakeJetStreamClient;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;

import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's checks of the streams it finds, against a fake server. */
class JetStreamSplitPlannerTest {

    private final FakeJetStreamClient server = new FakeJetStreamClient();

    private JetStreamSplitPlanner planner(String... options) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server_url", "nats://localhost:4222");
        properties.put("subject", "jobs");
        properties.put("connect_mode", "plain");
        for (int i = 0; i < options.length; i += 2) {
            properties.put(options[i], options[i + 1]);
        }
        return new JetStreamSplitPlanner(
                NatsSourceConfig.fromProperties(properties), Instant.EPOCH, () -> server);
    }

    @Test
    void aWorkQueueIsReadThroughDurableConsumersOnly() throws Exception {
        server.addStream("Q", RetentionPolicy.WorkQueue, "jobs");

        assertThatThrownBy(() -> planner("consumer.ack_policy", "explicit").plan(List.of("jobs")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NATS stream 'Q' is a work queue")
                .hasMessageContaining("'consumer.durable_name'");

        assertThatThrownBy(
                        () ->
                                planner("consumer.durable_name", "w", "consumer.ack_policy", "all")
                                        .plan(List.of("jobs")))
                .hasMessageContaining("'consumer.ack_policy' 'explicit'");
        assertThatThrownBy(
                        () ->
                                planner("consumer.durable_name", "w", "scan.startup.mode", "latest")
                                        .plan(List.of("jobs")))
                .hasMessageContaining("'scan.startup.mode' 'earliest'");
        List<NatsSubjectSplit> splits =
                planner("consumer.durable_name", "workers").plan(List.of("jobs"));
        assertThat(splits).extracting(NatsSubjectSplit::stream).containsExactly("Q");
    }

    @Test
    void aLimitsStreamIsReadThroughEphemeralConsumers() throws Exception {
        server.addStream("L", RetentionPolicy.Limits, "jobs");
        server.publish("L", "jobs", 3);

        List<NatsSubjectSplit> splits =
                planner("scan.bounded.mode", "latest").plan(List.of("jobs"));

        assertThat(splits).hasSize(1);
        assertThat(splits.get(0).stoppingSequence()).isEqualTo(3);
    }
}
