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

import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TaskManager process killed with SIGKILL while an unbounded, checkpointed NATS job runs on it:
 * the job restores from its last checkpoint on a replacement TaskManager, and its output is exactly
 * its input, the messages published before the kill and those published during the failover. Once
 * on a limits stream read through ephemeral consumers, once on a work-queue stream read through
 * durable consumers, where the killed reader's consumers must not block the restart and the queue
 * must end empty. The NATS SQL jar is deployed in the cluster's lib/ here (JobManager, TaskManagers
 * and SQL client), the other way to install it.
 */
class NatsTaskManagerFailoverITCase {

    private static final List<String> SUBJECTS =
            List.of("failover.a", "failover.b", "failover.c", "failover.d");
    private static final List<String> QUEUE_SUBJECTS =
            List.of("queue.a", "queue.b", "queue.c", "queue.d");
    private static final String QUEUE_DURABLE_NAME = "tmkill";
    private static final int PER_SUBJECT_BEFORE_KILL = 250;
    private static final int PER_SUBJECT_DURING_FAILOVER = 250;

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    @RegisterExtension
    static final FlinkCluster CLUSTER =
            FlinkCluster.builder()
                    .libJar(SqlJars.nats())
                    // numRestarts as the REST API serves it is at most this old.
                    .config("metrics.fetcher.update-interval", "1 s")
                    .build();

    @Test
    void jobRecoversFromAKilledTaskManagerAndWritesEachMessageOnce() throws Exception {
        Path output = Files.createTempDirectory(CLUSTER.workDir(), "output-");
        FlinkRestClient rest = CLUSTER.rest();
        int allSlots = CLUSTER.taskManagerIds().size() * 2;
        List<String> expected = new ArrayList<>();
        try (NatsTestStreams nats = NatsTestStreams.connect(NATS)) {
            nats.createStream("failover", "failover.>");
            publish(nats, SUBJECTS, 0, PER_SUBJECT_BEFORE_KILL, expected);

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
            publish(nats, SUBJECTS, PER_SUBJECT_BEFORE_KILL, PER_SUBJECT_DURING_FAILOVER, expected);
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

    /**
     * Issue 14, item 4: on a work queue nats-server allows one consumer per subject, and an
     * ephemeral consumer of a killed reader outlives it by its inactive threshold, which made every
     * restart fail. Durable consumers (required on work queues) are taken over by the restarted
     * readers: the job recovers on its first restart.
     */
    @Test
    void workQueueJobRecoversOnItsFirstRestartFromAKilledTaskManager() throws Exception {
        Path output = Files.createTempDirectory(CLUSTER.workDir(), "output-");
        FlinkRestClient rest = CLUSTER.rest();
        int allSlots = CLUSTER.taskManagerIds().size() * 2;
        List<String> expected = new ArrayList<>();
        try (NatsTestStreams nats = NatsTestStreams.connect(NATS)) {
            nats.createStream("queue", RetentionPolicy.WorkQueue, "queue.>");
            publish(nats, QUEUE_SUBJECTS, 0, PER_SUBJECT_BEFORE_KILL, expected);

            JobID job =
                    CLUSTER.sqlClient()
                            .run(
                                    SqlScript.fromResource("/sql/nats-work-queue-to-filesystem.sql")
                                            .with("nats-url", NATS.url())
                                            .with("subjects", String.join(",", QUEUE_SUBJECTS))
                                            .with("durable-name", QUEUE_DURABLE_NAME)
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
            assertThat(rest.failures(job)).as("failures before the kill").isEmpty();

            CLUSTER.killTaskManager(victim);
            publish(
                    nats,
                    QUEUE_SUBJECTS,
                    PER_SUBJECT_BEFORE_KILL,
                    PER_SUBJECT_DURING_FAILOVER,
                    expected);
            CLUSTER.startTaskManager();

            CommonTestUtils.waitUtil(
                    () -> {
                        checkNoFailedRestart(rest, job);
                        return CommittedFiles.lines(output).size() >= expected.size();
                    },
                    Duration.ofMinutes(3),
                    Duration.ofMillis(200),
                    "not every message was committed after the failover");
            // Acks follow completed checkpoints, and the queue deletes what is acked.
            CommonTestUtils.waitUtil(
                    () -> nats.messageCount("queue") == 0,
                    Duration.ofMinutes(1),
                    Duration.ofMillis(200),
                    "the work queue still holds messages its job has committed");
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
                    .as("one failure, the TaskManager's loss, and no failed restart after it")
                    .singleElement()
                    .satisfies(
                            f -> assertThat(f.stacktrace() + f.taskManagerId()).contains(victim));
            assertThat(awaitRestarts(rest, job)).as("restarts of the job").isEqualTo(1);
            assertThat(rest.jobStatus(job)).isEqualTo(JobStatus.RUNNING);
            assertThat(nats.consumerNames("queue"))
                    .as("the restarted readers took over the durable consumers")
                    .containsExactlyInAnyOrderElementsOf(
                            QUEUE_SUBJECTS.stream()
                                    .map(s -> QUEUE_DURABLE_NAME + "_" + s.replace('.', '_'))
                                    .collect(Collectors.toList()));
            assertThat(nats.messageCount("queue")).as("messages left in the work queue").isZero();
            rest.cancel(job);
            rest.awaitJobStatus(job, JobStatus.CANCELED, Duration.ofMinutes(1));
        }
    }

    /**
     * Fails at once when the job has failed more than once (the TaskManager's loss, then a failed
     * restart) or has ended: a job that does not recover on its first restart.
     */
    private static void checkNoFailedRestart(FlinkRestClient rest, JobID job) {
        List<FlinkRestClient.JobFailure> failures = rest.failures(job);
        JobStatus status = rest.jobStatus(job);
        if (failures.size() > 1 || status.isGloballyTerminalState()) {
            throw new AssertionError(
                    "Job "
                            + job
                            + " is "
                            + status
                            + " after "
                            + failures.size()
                            + " failures; the latest: "
                            + (failures.isEmpty() ? "none" : failures.get(0).stacktrace()));
        }
    }

    /** The job's {@code numRestarts} once the REST API serves a value counting a restart. */
    private static long awaitRestarts(FlinkRestClient rest, JobID job) throws Exception {
        AtomicLong restarts = new AtomicLong(-1);
        CommonTestUtils.waitUtil(
                () -> {
                    restarts.set(
                            rest.jobMetric(job, "numRestarts").map(Long::parseLong).orElse(-1L));
                    return restarts.get() >= 1;
                },
                Duration.ofSeconds(30),
                Duration.ofMillis(200),
                "the REST API shows no restart of the job");
        return restarts.get();
    }

    /** Publishes {@code count} messages per subject, ids after {@code from}, as rw-json. */
    private static void publish(
            NatsTestStreams nats, List<String> subjects, int from, int count, List<String> expected)
            throws Exception {
        for (int s = 0; s < subjects.size(); s++) {
            String subject = subjects.get(s);
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
