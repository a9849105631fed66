package io.flinkrw.testutils;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.ClusterInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves {@link NatsCluster}: three routed nodes with R3 streams, a leader step-down, and a {@code
 * kill -9} of the leader with a restart that catches up.
 */
class NatsClusterITCase {

    @RegisterExtension final NatsCluster cluster = NatsCluster.threeNodes();

    @Test
    void replicatesStreamsOnThreeNodes() throws Exception {
        cluster.createReplicatedStream("R3", "r3.>");
        ClusterInfo info = cluster.streamCluster("R3");
        Set<String> members = new HashSet<>();
        members.add(info.getLeader());
        info.getReplicas().forEach(r -> members.add(r.getName()));
        assertThat(members).containsExactlyInAnyOrder("n0", "n1", "n2");
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            pids.add(cluster.pid(i));
        }
        assertThat(pids).hasSize(3);
    }

    @Test
    void stepDownMovesTheStreamLeader() throws Exception {
        cluster.createReplicatedStream("STEP", "step.>");
        int before = cluster.streamLeader("STEP");
        int after = cluster.stepDownStreamLeader("STEP");
        assertThat(after).isNotEqualTo(before);
        assertThat(cluster.streamLeader("STEP")).isEqualTo(after);
    }

    @Test
    void killNineOfTheLeaderElectsAnotherAndTheRestartedNodeCatchesUp() throws Exception {
        cluster.createReplicatedStream("KILL", "kill.>");
        try (Connection connection = Nats.connect(cluster.optionsBuilder().build())) {
            JetStream js = connection.jetStream();
            js.publish("kill.a", "before".getBytes(StandardCharsets.UTF_8));

            int leader = cluster.streamLeader("KILL");
            long pid = cluster.pid(leader);
            cluster.kill(leader);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            int newLeader = cluster.streamLeader("KILL");
            assertThat(newLeader).isNotEqualTo(leader);
            assertThat(
                            connection
                                    .jetStream()
                                    .publish("kill.a", "during".getBytes(StandardCharsets.UTF_8))
                                    .getSeqno())
                    .isEqualTo(2);

            cluster.restart(leader);
            cluster.awaitReplicasCurrent("KILL", Duration.ofSeconds(60));
            assertThat(
                            connection
                                    .jetStreamManagement()
                                    .getStreamInfo("KILL")
                                    .getStreamState()
                                    .getMsgCount())
                    .isEqualTo(2);
        }
    }
}
