package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.RwStatement;

import javax.annotation.Nullable;

import java.util.List;

/**
 * What became of one RisingWave statement: the Flink table (null when it could not be translated),
 * the comments that explain where the semantics differ, and the findings.
 *
 * @param title a short description of the RisingWave statement, e.g. {@code CREATE SOURCE orders}
 * @param explanations comment lines printed above the table (CREATE SOURCE versus CREATE TABLE)
 */
public record StatementTranslation(
        RwStatement statement,
        String title,
        List<String> explanations,
        List<Finding> findings,
        @Nullable FlinkTable table) {

    public StatementTranslation {
        explanations = List.copyOf(explanations);
        findings = List.copyOf(findings);
    }

    public boolean translated() {
        return table != null;
    }

    /** Whether something was lost or wrong (an unsupported feature, an error). */
    public boolean hasProblems() {
        return findings.stream().anyMatch(f -> f.severity().isProblem());
    }

    /** Whether the statement had a syntax error. */
    public boolean isSyntaxError() {
        return statement instanceof RwStatement.Broken;
    }
}
