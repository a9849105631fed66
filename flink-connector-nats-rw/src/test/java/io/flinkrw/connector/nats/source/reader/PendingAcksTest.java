package io.flinkrw.connector.nats.source.reader;

import io.nats.client.api.AckPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries are acked once the checkpoint covering them completes, and only then. */
class PendingAcksTest {

    @Test
    void explicitAcksEveryDeliveryOfCompletedCheckpoints() {
        PendingAcks acks = new PendingAcks(AckPolicy.Explicit);
        acks.add("a", "a1");
        acks.add("b", "b1");
        acks.checkpoint(1);
        acks.add("a", "a2");
        acks.checkpoint(2);
        acks.add("a", "a3");

        List<String> sent = new ArrayList<>();
        assertThat(acks.complete(1, sent::add)).isEqualTo(2);
        assertThat(sent).containsExactlyInAnyOrder("a1", "b1");

        sent.clear();
        acks.checkpoint(3);
        assertThat(acks.complete(3, sent::add)).isEqualTo(2);
        assertThat(sent).containsExactly("a2", "a3");

        sent.clear();
        assertThat(acks.complete(3, sent::add)).isZero();
    }

    @Test
    void allAcksOnlyTheLastDeliveryPerSplitAcrossSubsumedCheckpoints() {
        PendingAcks acks = new PendingAcks(AckPolicy.All);
        acks.add("a", "a1");
        acks.add("a", "a2");
        acks.add("b", "b1");
        acks.checkpoint(1);
        acks.add("a", "a3");
        acks.checkpoint(2);

        List<String> sent = new ArrayList<>();
        acks.complete(2, sent::add);
        assertThat(sent).containsExactlyInAnyOrder("a3", "b1");
    }

    @Test
    void deliveriesAfterTheLastCheckpointWaitForTheNext() {
        PendingAcks acks = new PendingAcks(AckPolicy.Explicit);
        acks.checkpoint(1);
        acks.add("a", "a1");
        List<String> sent = new ArrayList<>();
        acks.complete(1, sent::add);
        assertThat(sent).isEmpty();
        assertThat(acks.isEnabled()).isTrue();
        assertThat(new PendingAcks(AckPolicy.None).isEnabled()).isFalse();
    }
}
