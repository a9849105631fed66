package io.flinkrw.e2e.cluster;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.e2e.testutils.CommittedFiles;
import io.flinkrw.e2e.testutils.FlinkCluster;
import io.flinkrw.e2e.testutils.FlinkRestClient;
import io.flinkrw.e2e.testutils.SqlJars;
import io.flinkrw.e2e.testutils.SqlScript;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.testutils.CommonTestUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TaskManager process killed with SIGKILL while an unbounded, checkpointed NATS job runs on it:
 * the job restores from its last checkpoint on a replacement TaskManager, and its output is exactly
 * its input, the messages published before the kill and those published during the failover. The
 * NATS SQL jar is deployed in the cluster's lib/ here (JobManager, TaskManagers and SQL client),
 * the other way to install it.
 */
class NatsTaskManagerFailoverITCase {

    private static final List<String> SUBJECTS =
            List.of("failover.a", "failover.b", "failover.c", "failover.d");
    private static final int PER_SUBJECT_BEFORE_KILL = 250;
    private static final int PER_SUBJECT_DURING_FAILOVER = 250;

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    @RegisterExtension
    static final FlinkCluster CLUSTER = FlinkCluster.builder().libJar(SqlJars.nats()).build();

    @Test
    void jobRecoversFromAKilledTaskManagerAndWritesEachMessageOnce() throws Exception {
        Path output = Files.createTempDirectory(CLUSTER.workDir(), "output-");
        FlinkRestClient rest = CLUSTER.rest();
        int allSlots = CLUSTER.taskManagerIds().size() * 2;
        List<String> expected = new ArrayList<>();
        try (NatsTestStreams nats = NatsTestStreams.connect(NATS)) {
            nats.createStream("failover", "failover.>");
            publish(nats, 0, PER_SUBJECT_BEFORE_KILL, expected);

            JobID job =
                    CLUSTER.sqlClient()
                            .run(
                                    SqlScript.fromResource(
                                                    "/sql/nats-checkpointed-to-filesystem.sql")
                                            .with("nats-url", NATS.url())
                                            .with("subjects", String.join(",", SUBJECTS))
                                            .with("parallelism", allSlots)
                                            .with("output", output))
                            .singleJobId();
            rest.awaitJobStatus(job, JobStatus.RUNNING, Duration.ofMinutes(1));
            CommonTestUtils.waitUtil(
                    () -> !CommittedFiles.lines(output).isEmpty(),
                    Duration.ofMinutes(1),
                    Duration.ofMillis(200),
                    "nothing committed: no checkpoint completed after the first messages");

            String victim = CLUSTER.taskManagerIds().get(0);
            assertThat(rest.taskManagersOf(job))
                    .as("every slot is used, so each TaskManager runs readers")
                    .contains(victim);
            assertThat(rest.jobStatus(job)).isEqualTo(JobStatus.RUNNING);

            CLUSTER.killTaskManager(victim);
            publish(nats, PER_SUBJECT_BEFORE_KILL, PER_SUBJECT_DURING_FAILOVER, expected);
            CLUSTER.startTaskManager();

            CommonTestUtils.waitUtil(
                    () -> CommittedFiles.lines(output).size() >= expected.size(),
                    Duration.ofMinutes(3),
                    Duration.ofMillis(200),
                    "not every message was committed after the failover");
            // Two more checkpoints: a duplicate written after the restore would be committed by
            // now.
            int checkpoints = rest.completedCheckpoints(job);
            CommonTestUtils.waitUtil(
                    () -> rest.completedCheckpoints(job) >= checkpoints + 2,
                    Duration.ofMinutes(1),
                    Duration.ofMillis(200),
                    "no further checkpoint completed");

            assertThat(CommittedFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rest.restoredFromCheckpoint(job)).as("restored from a checkpoint").isTrue();
            assertThat(rest.failures(job))
                    .as("the job saw the TaskManager go")
                    .anySatisfy(
                            f -> assertThat(f.stacktrace() + f.taskManagerId()).contains(victim));
            rest.cancel(job);
            rest.awaitJobStatus(job, JobStatus.CANCELED, Duration.ofMinutes(1));
        }
    }

    /** Publishes {@code count} messages per subject, ids after {@code from}, as rw-json. */
    private static void publish(NatsTestStreams nats, int from, int count, List<String> expected)
            throws Exception {
        for (int s = 0; s < SUBJECTS.size(); s++) {
            String subject = SUBJECTS.get(s);
            int base = s * 10_000 + from;
            List<Integer> ids =
                    IntStream.rangeClosed(base + 1, base + count)
                            .boxed()
                            .collect(Collectors.toList());
            nats.publishAll(
                    subject,
                    ids.stream().map(id -> "{\"id\": " + id + "}").collect(Collectors.toList()));
            ids.forEach(id -> expected.add(id + "," + subject));
        }
    }
}
