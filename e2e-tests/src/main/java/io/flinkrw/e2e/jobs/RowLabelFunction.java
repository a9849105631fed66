package io.flinkrw.e2e.jobs;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * A SQL function from the job jar, {@code row-<id>}: a script that uses it proves that the SQL
 * client's {@code --jar} reaches both the planner and the TaskManagers.
 */
public final class RowLabelFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public String eval(Long id) {
        return id == null ? null : "row-" + id;
    }
}
