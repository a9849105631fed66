package io.flinkrw.e2e.cluster;

import io.flinkrw.e2e.jobs.SequencePrintJob;
import io.flinkrw.e2e.testutils.CommittedFiles;
import io.flinkrw.e2e.testutils.E2eJobJar;
import io.flinkrw.e2e.testutils.FlinkCluster;
import io.flinkrw.e2e.testutils.FlinkRestClient;
import io.flinkrw.e2e.testutils.SqlClientResult;
import io.flinkrw.e2e.testutils.SqlScript;
import io.flinkrw.e2e.testutils.SqlScriptFailedException;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness on a real cluster (a JobManager and two TaskManagers, separate JVMs): the SQL client
 * runs a script whose rows are checked one by one, a DataStream jar goes through the REST API, an
 * unbounded job is cancelled, and failures, at planning time or at run time, are reported rather
 * than swallowed.
 */
class FlinkClusterITCase {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final FlinkCluster CLUSTER =
            FlinkCluster.builder().config("parallelism.default", "2").build();

    @Test
    void theClusterRunsWithTheBuildersConfiguration() {
        List<String> parallelism = new ArrayList<>();
        CLUSTER.rest()
                .get("/jobmanager/config")
                .forEach(
                        entry -> {
                            if (entry.path("key").asText().equals("parallelism.default")) {
                                parallelism.add(entry.path("value").asText());
                            }
                        });
        assertThat(parallelism).containsExactly("2");
        assertThat(CLUSTER.taskManagerIds()).containsExactly("taskmanager-1", "taskmanager-2");
    }

    @Test
    void sqlClientRunsAScriptWithAUserJarAndEveryRowIsWritten() throws Exception {
        Path output = Files.createTempDirectory(CLUSTER.workDir(), "output-");
        int rows = 500;
        SqlClientResult result =
                CLUSTER.sqlClient()
                        .run(
                                SqlScript.fromResource("/sql/datagen-to-filesystem.sql")
                                        .with("rows", rows)
                                        .with("output", output),
                                E2eJobJar.path());

        CLUSTER.rest().awaitJobStatus(result.singleJobId(), JobStatus.FINISHED, JOB_TIMEOUT);

        List<String> expected =
                LongStream.rangeClosed(1, rows)
                        .mapToObj(id -> id + ",row-" + id)
                        .collect(Collectors.toList());
        assertThat(CommittedFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void dataStreamJarSubmittedThroughRestPrintsEveryRow() {
        FlinkRestClient rest = CLUSTER.rest();
        String tag = "rest-jar";
        int count = 300;

        JobID job =
                rest.submitJar(
                        E2eJobJar.path(),
                        SequencePrintJob.class.getName(),
                        List.of(tag, String.valueOf(count)),
                        2);
        rest.awaitJobStatus(job, JobStatus.FINISHED, JOB_TIMEOUT);

        // The print sink writes "<subtask>> <row>" to the stdout of the TaskManager it ran on.
        List<String> printed = new ArrayList<>();
        for (String taskManager : CLUSTER.taskManagerIds()) {
            for (String line : rest.taskManagerStdout(taskManager).split("\n")) {
                String row = line.substring(line.indexOf('>') + 1).trim();
                if (row.startsWith(tag + ":")) {
                    printed.add(row);
                }
            }
        }
        assertThat(printed)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, count)
                                .mapToObj(n -> tag + ":" + n)
                                .collect(Collectors.toList()));
    }

    @Test
    void anUnboundedJobRunsUntilCancelled() {
        FlinkRestClient rest = CLUSTER.rest();
        JobID job =
                CLUSTER.sqlClient()
                        .run(SqlScript.fromResource("/sql/unbounded-datagen.sql"))
                        .singleJobId();
        rest.awaitJobStatus(job, JobStatus.RUNNING, JOB_TIMEOUT);

        rest.cancel(job);

        rest.awaitJobStatus(job, JobStatus.CANCELED, JOB_TIMEOUT);
    }

    @Test
    void aStatementThatCannotBePlannedFailsTheRunAndStopsTheScript() {
        assertThatThrownBy(
                        () ->
                                CLUSTER.sqlClient()
                                        .run(SqlScript.fromResource("/sql/unknown-connector.sql")))
                .isInstanceOf(SqlScriptFailedException.class)
                .hasMessageContaining("[ERROR]")
                .hasMessageContaining("no-such-connector")
                .satisfies(
                        e ->
                                assertThat(((SqlScriptFailedException) e).submittedJobIds())
                                        .isEmpty());

        assertThat(CLUSTER.rest().jobs())
                .extracting(FlinkRestClient.JobOverview::name)
                .doesNotContain("after-the-failure");
    }

    @Test
    void aJobThatFailsAtRunTimeIsReportedWithItsCause() {
        JobID job =
                CLUSTER.sqlClient()
                        .run(SqlScript.fromResource("/sql/failing-cast.sql"))
                        .singleJobId();

        assertThatThrownBy(
                        () -> CLUSTER.rest().awaitJobStatus(job, JobStatus.FINISHED, JOB_TIMEOUT))
                .hasMessageContaining("ended FAILED")
                .hasMessageContaining("not-a-number-");
        assertThat(CLUSTER.rest().jobStatus(job)).isEqualTo(JobStatus.FAILED);
    }
}
