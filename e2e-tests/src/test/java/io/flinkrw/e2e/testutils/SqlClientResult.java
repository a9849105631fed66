package io.flinkrw.e2e.testutils;

import org.apache.flink.api.common.JobID;

import java.nio.file.Path;
import java.util.List;

/**
 * What a SQL client run printed ({@code output}, also kept in {@code outputFile}) and the ids of
 * the jobs its statements submitted, in order.
 */
public record SqlClientResult(String output, Path outputFile, List<JobID> jobIds) {

    /** The id of the only job the script submitted; fails when it submitted none or several. */
    public JobID singleJobId() {
        if (jobIds.size() != 1) {
            throw new IllegalStateException(
                    "Expected one submitted job, got " + jobIds + ". Output:\n" + output);
        }
        return jobIds.get(0);
    }
}
