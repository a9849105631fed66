package io.flinkrw.connector.nats.table;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.factories.TestFormatFactory;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which predicates the NATS table source takes, and the subjects it then reads. */
class NatsFilterPushDownTest {

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("v", DataTypes.STRING()),
                    Column.metadata("subj", DataTypes.STRING(), "subject", true),
                    Column.metadata("part", DataTypes.STRING(), "partition", true));

    private static final FieldReferenceExpression SUBJ =
            new FieldReferenceExpression("subj", DataTypes.STRING(), 0, 1);
    private static final FieldReferenceExpression PART =
            new FieldReferenceExpression("part", DataTypes.STRING(), 0, 2);
    private static final FieldReferenceExpression V =
            new FieldReferenceExpression("v", DataTypes.STRING(), 0, 0);

    private static NatsDynamicSource source(String subjects, String... extra) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "nats");
        options.put("server_url", "nats://localhost:4222");
        options.put("subject", subjects);
        options.put("connect_mode", "plain");
        options.put("format", TestFormatFactory.IDENTIFIER);
        options.put("test-format.delimiter", ",");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return (NatsDynamicSource) FactoryMocks.createTableSource(SCHEMA, options);
    }

    private static CallExpression call(
            BuiltInFunctionDefinition function, ResolvedExpression... args) {
        return CallExpression.permanent(function, List.of(args), DataTypes.BOOLEAN());
    }

    private static ValueLiteralExpression literal(String value) {
        return new ValueLiteralExpression(value);
    }

    private static ResolvedExpression cast(ResolvedExpression e) {
        return CallExpression.permanent(
                BuiltInFunctionDefinitions.CAST,
                List.of(
                        e,
                        new org.apache.flink.table.expressions.TypeLiteralExpression(
                                DataTypes.STRING())),
                DataTypes.STRING());
    }

    @Test
    void equalsInAndOrOfThoseNarrowTheSubjects() {
        NatsDynamicSource source = source("orders.*,pay.>");
        ResolvedExpression equals =
                call(BuiltInFunctionDefinitions.EQUALS, literal("pay.a.b"), SUBJ);
        ResolvedExpression in =
                call(
                        BuiltInFunctionDefinitions.IN,
                        cast(SUBJ),
                        literal("orders.eu"),
                        literal("orders.us"));
        ResolvedExpression or = call(BuiltInFunctionDefinitions.OR, equals, in);
        ResolvedExpression other = call(BuiltInFunctionDefinitions.EQUALS, V, literal("x"));

        SupportsFilterPushDown.Result result = source.applyFilters(List.of(or, other));

        assertThat(result.getAcceptedFilters()).containsExactly(or);
        assertThat(result.getRemainingFilters()).containsExactly(other);
        assertThat(source.config().splitSubjects())
                .containsExactly("orders.eu", "orders.us", "pay.a.b");
        // The copy the planner keeps reads the same subjects.
        assertThat(((NatsDynamicSource) source.copy()).config()).isEqualTo(source.config());
    }

    @Test
    void severalPredicatesIntersect() {
        NatsDynamicSource source = source("orders.*");
        ResolvedExpression first =
                call(
                        BuiltInFunctionDefinitions.IN,
                        SUBJ,
                        literal("orders.eu"),
                        literal("orders.us"));
        ResolvedExpression second =
                call(BuiltInFunctionDefinitions.EQUALS, SUBJ, literal("orders.us"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(first, second));
        assertThat(result.getAcceptedFilters()).containsExactly(first, second);
        assertThat(source.config().splitSubjects()).containsExactly("orders.us");
    }

    @Test
    void anEmptyIntersectionReadsNothing() {
        NatsDynamicSource source = source("orders.*");
        SupportsFilterPushDown.Result result =
                source.applyFilters(
                        List.of(call(BuiltInFunctionDefinitions.EQUALS, SUBJ, literal("pay.x"))));
        assertThat(result.getAcceptedFilters()).hasSize(1);
        assertThat(source.config().splitSubjects()).isEmpty();
    }

    @Test
    void otherPredicatesAndColumnsStayWithThePlanner() {
        NatsDynamicSource source = source("orders.*");
        List<ResolvedExpression> filters = new ArrayList<>();
        filters.add(call(BuiltInFunctionDefinitions.EQUALS, PART, literal("orders.*")));
        filters.add(call(BuiltInFunctionDefinitions.NOT_EQUALS, SUBJ, literal("orders.eu")));
        filters.add(call(BuiltInFunctionDefinitions.LIKE, SUBJ, literal("orders.%")));
        filters.add(call(BuiltInFunctionDefinitions.EQUALS, SUBJ, V));
        filters.add(
                call(
                        BuiltInFunctionDefinitions.OR,
                        call(BuiltInFunctionDefinitions.EQUALS, SUBJ, literal("orders.eu")),
                        call(BuiltInFunctionDefinitions.EQUALS, V, literal("x"))));
        filters.add(
                call(
                        BuiltInFunctionDefinitions.EQUALS,
                        SUBJ,
                        new ValueLiteralExpression(null, DataTypes.STRING())));

        SupportsFilterPushDown.Result result = source.applyFilters(filters);

        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).isEqualTo(filters);
        assertThat(source.config().isNarrowed()).isFalse();
    }

    @Test
    void subjectsThatWouldShareADurableConsumerAreNotPushed() {
        NatsDynamicSource source = source("orders.>", "consumer.durable_name", "flink");
        ResolvedExpression clash =
                call(
                        BuiltInFunctionDefinitions.IN,
                        SUBJ,
                        literal("orders.a_b"),
                        literal("orders.a.b"));
        SupportsFilterPushDown.Result result = source.applyFilters(List.of(clash));
        assertThat(result.getAcceptedFilters()).isEmpty();
        assertThat(result.getRemainingFilters()).containsExactly(clash);
        assertThat(source.config().isNarrowed()).isFalse();
    }
}
