package io.flinkrw.e2e.cluster;

import io.flinkrw.e2e.testutils.CommittedFiles;
import io.flinkrw.e2e.testutils.FlinkCluster;
import io.flinkrw.e2e.testutils.FlinkRestClient;
import io.flinkrw.e2e.testutils.SqlScript;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.testutils.CommonTestUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TaskManager process killed with SIGKILL while a checkpointed job runs on it: the job restores
 * from its last checkpoint on a replacement TaskManager and its output is exactly its input.
 */
class TaskManagerFailoverITCase {

    private static final int ROWS = 3_000;
    private static final int ROWS_PER_SECOND = 200;

    @RegisterExtension static final FlinkCluster CLUSTER = FlinkCluster.builder().build();

    @Test
    void jobRecoversFromAKilledTaskManagerAndWritesEachRowOnce() throws Exception {
        Path output = Files.createTempDirectory(CLUSTER.workDir(), "output-");
        FlinkRestClient rest = CLUSTER.rest();
        int allSlots = CLUSTER.taskManagerIds().size() * 2;
        JobID job =
                CLUSTER.sqlClient()
                        .run(
                                SqlScript.fromResource(
                                                "/sql/checkpointed-datagen-to-filesystem.sql")
                                        .with("rows", ROWS)
                                        .with("rows-per-second", ROWS_PER_SECOND)
                                        .with("parallelism", allSlots)
                                        .with("output", output))
                        .singleJobId();
        rest.awaitJobStatus(job, JobStatus.RUNNING, Duration.ofMinutes(1));
        CommonTestUtils.waitUtil(
                () -> rest.completedCheckpoints(job) >= 1,
                Duration.ofMinutes(1),
                Duration.ofMillis(100),
                "no checkpoint completed");

        Set<String> hosts = rest.taskManagersOf(job);
        String victim = CLUSTER.taskManagerIds().get(0);
        assertThat(hosts)
                .as("every slot is used, so each TaskManager runs subtasks")
                .contains(victim);
        assertThat(rest.jobStatus(job)).isEqualTo(JobStatus.RUNNING);
        assertThat(CommittedFiles.lines(output))
                .as("committed before the kill")
                .hasSizeLessThan(ROWS);

        CLUSTER.killTaskManager(victim);
        CLUSTER.startTaskManager();
        rest.awaitJobStatus(job, JobStatus.FINISHED, Duration.ofMinutes(3));

        assertThat(CommittedFiles.lines(output))
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, ROWS)
                                .mapToObj(Long::toString)
                                .collect(Collectors.toList()));
        assertThat(rest.restoredFromCheckpoint(job)).as("restored from a checkpoint").isTrue();
        assertThat(rest.failures(job))
                .as("the job saw the TaskManager go")
                .anySatisfy(f -> assertThat(f.stacktrace() + f.taskManagerId()).contains(victim));
    }
}
