package io.flinkrw.connector.nats.table;

import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarCharType;

import javax.annotation.Nullable;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The predicates on the {@code subject} metadata column that a NATS source applies exactly by
 * reading only some subjects: {@code subject = 'x'}, {@code subject IN ('x', 'y')} and {@code OR}s
 * of these. Anything else stays with the planner.
 */
final class SubjectFilter {

    private SubjectFilter() {}

    /**
     * The subjects {@code filter} lets through, or null when it is not a predicate of that form on
     * one of {@code subjectColumns} (the names of the table's {@code subject} metadata columns).
     */
    @Nullable
    static Set<String> subjectsOf(ResolvedExpression filter, Set<String> subjectColumns) {
        if (!(filter instanceof CallExpression)) {
            return null;
        }
        CallExpression call = (CallExpression) filter;
        FunctionDefinition function = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (function == BuiltInFunctionDefinitions.OR) {
            Set<String> union = new LinkedHashSet<>();
            for (ResolvedExpression arg : args) {
                Set<String> subjects = subjectsOf(arg, subjectColumns);
                if (subjects == null) {
                    return null;
                }
                union.addAll(subjects);
            }
            return union;
        }
        if (function == BuiltInFunctionDefinitions.EQUALS && args.size() == 2) {
            if (isSubjectColumn(args.get(0), subjectColumns)) {
                return literals(args.subList(1, 2));
            }
            if (isSubjectColumn(args.get(1), subjectColumns)) {
                return literals(args.subList(0, 1));
            }
            return null;
        }
        if (function == BuiltInFunctionDefinitions.IN
                && args.size() > 1
                && isSubjectColumn(args.get(0), subjectColumns)) {
            return literals(args.subList(1, args.size()));
        }
        return null;
    }

    /**
     * A reference to a {@code subject} column read as VARCHAR (a CHAR column would pad), possibly
     * cast to a VARCHAR that holds all of it (the planner casts the metadata's {@code STRING NOT
     * NULL} to the declared type).
     */
    private static boolean isSubjectColumn(ResolvedExpression e, Set<String> subjectColumns) {
        if (e instanceof CallExpression
                && ((CallExpression) e).getFunctionDefinition() == BuiltInFunctionDefinitions.CAST
                && isLossless(e.getOutputDataType().getLogicalType())) {
            e = e.getResolvedChildren().get(0);
        }
        return e instanceof FieldReferenceExpression
                && subjectColumns.contains(((FieldReferenceExpression) e).getName())
                && isLossless(e.getOutputDataType().getLogicalType());
    }

    private static boolean isLossless(LogicalType type) {
        return type.is(LogicalTypeRoot.VARCHAR)
                && ((VarCharType) type).getLength() == VarCharType.MAX_LENGTH;
    }

    /** The string values of non-null string literals; null if any is something else. */
    @Nullable
    private static Set<String> literals(List<ResolvedExpression> expressions) {
        Set<String> values = new LinkedHashSet<>();
        for (ResolvedExpression e : expressions) {
            if (!(e instanceof ValueLiteralExpression) || ((ValueLiteralExpression) e).isNull()) {
                return null;
            }
            String value = ((ValueLiteralExpression) e).getValueAs(String.class).orElse(null);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }
}
