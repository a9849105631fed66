package io.flinkrw.e2e.testutils;

import org.apache.flink.api.common.JobID;

import java.util.List;

/**
 * The SQL client reported an error ({@code [ERROR]} in its output) or exited abnormally. The client
 * stops at the first failing statement but exits 0; jobs submitted by earlier statements are in
 * {@link #submittedJobIds()}.
 */
public final class SqlScriptFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<JobID> submittedJobIds;

    SqlScriptFailedException(String message, List<JobID> submittedJobIds) {
        super(message);
        this.submittedJobIds = List.copyOf(submittedJobIds);
    }

    public List<JobID> submittedJobIds() {
        return submittedJobIds;
    }
}
