package io.flinkrw.ddl;

import io.flinkrw.testutils.NatsOperator;
import io.flinkrw.testutils.NatsUserCredentials;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimeType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink accepts every table the golden and seed inputs translate to: its parser and catalog take
 * the printed text (comments and all) and resolve the columns, types and key as translated; its
 * planner plans each table through our real {@code kinesis} and {@code nats} connectors and formats
 * (which validate every option, fetch the schemas again and check the declared columns and the
 * metadata columns), down to the runtime source. Nothing is contacted: the seeds' servers are local
 * addresses no one listens on.
 */
class FlinkAcceptanceTest {

    @RegisterExtension
    static final SchemaHttpServer SCHEMAS = SchemaHttpServer.serving(TestInputs.SCHEMAS);

    private static NatsUserCredentials natsUser;

    @BeforeAll
    static void createNatsUser() throws Exception {
        natsUser = NatsOperator.foreignUser("planner");
    }

    static List<String> cases() {
        List<String> cases = new ArrayList<>();
        TestInputs.cases(TestInputs.GOLDEN).forEach(c -> cases.add("golden/" + c));
        TestInputs.cases(TestInputs.SEEDS).forEach(c -> cases.add("seeds/" + c));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flinkTakesEveryTranslatedTable(String name) {
        List<StatementTranslation> translated =
                translate(name).stream()
                        .filter(StatementTranslation::translated)
                        .collect(Collectors.toList());
        assertThat(translated).isNotEmpty();

        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (StatementTranslation translation : translated) {
            FlinkTable table = translation.table();
            env.executeSql(TranslatedTables.withoutSemicolon(FlinkDdlPrinter.print(translation)));
            ResolvedSchema schema =
                    env.from(FlinkIdentifiers.quote(table.name())).getResolvedSchema();
            assertThat(schema.getColumns())
                    .extracting(Column::getName)
                    .as(table.name())
                    .containsExactlyElementsOf(
                            table.columns().stream()
                                    .map(FlinkColumn::name)
                                    .collect(Collectors.toList()));
            for (int i = 0; i < table.columns().size(); i++) {
                FlinkColumn expected = table.columns().get(i);
                Column actual = schema.getColumns().get(i);
                assertThat(actual.getDataType().getLogicalType().copy(true))
                        .as("%s.%s", table.name(), expected.name())
                        .isEqualTo(asFlinkResolves(expected.type()).copy(true));
                assertThat(actual)
                        .isInstanceOf(
                                expected.isMetadata()
                                        ? Column.MetadataColumn.class
                                        : Column.PhysicalColumn.class);
            }
            List<String> key =
                    schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
            assertThat(key)
                    .as("%s's key", table.name())
                    .isEqualTo(table.primaryKeyAsComment() ? List.of() : table.primaryKey());

            List<String> metadataKeys =
                    table.columns().stream()
                            .filter(FlinkColumn::isMetadata)
                            .map(FlinkColumn::metadataKey)
                            .collect(Collectors.toList());
            String plan = explain(env, table.name());
            assertThat(plan)
                    .as(table.name())
                    .contains(
                            "TableSourceScan(table=[[default_catalog, default_database, "
                                    + table.name());
            if (!metadataKeys.isEmpty()) {
                assertThat(plan)
                        .as(table.name())
                        .contains("metadata=[" + String.join(", ", metadataKeys) + "]");
            }
        }
    }

    /**
     * The planning catches what the format would: a declared column the schema does not have fails
     * (so the planning above checks the translated columns against the schema).
     */
    @Test
    void planningChecksTheColumnsAgainstTheSchema() {
        FlinkTable table =
                translate("golden/avro-new").stream()
                        .filter(StatementTranslation::translated)
                        .findFirst()
                        .orElseThrow()
                        .table();
        List<FlinkColumn> columns = new ArrayList<>(table.columns());
        columns.add(FlinkColumn.physical("not_in_schema", new IntType()));
        FlinkTable wrong =
                new FlinkTable("wrong", false, columns, List.of(), false, table.options());
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(TranslatedTables.withoutSemicolon(FlinkDdlPrinter.createTable(wrong)));

        assertThatThrownBy(() -> explain(env, "wrong"))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "column `not_in_schema` does not match the schema"));
    }

    /** The plan down to the runtime providers, so the source's decoder is created. */
    private static String explain(TableEnvironment env, String table) {
        return env.explainSql(
                "SELECT * FROM " + FlinkIdentifiers.quote(table),
                ExplainDetail.JSON_EXECUTION_PLAN);
    }

    private static List<StatementTranslation> translate(String name) {
        if (name.startsWith("seeds/")) {
            return SeedExamplesTest.translate(name.substring("seeds/".length()), seedValues());
        }
        String input =
                TestInputs.fill(
                        TestInputs.read(
                                TestInputs.GOLDEN.resolve(
                                        name.substring("golden/".length()) + ".rw.sql")),
                        Map.of("SCHEMAS", TestInputs.schemasUri()));
        return RwDdlTranslator.create().translate(input);
    }

    /** The seeds' variables, filled in with local addresses no one listens on. */
    private static Map<String, String> seedValues() {
        Map<String, String> values = new HashMap<>();
        values.put("SCHEMA_BASE", SCHEMAS.filesUrl());
        values.put("KINESIS_ENDPOINT", "http://127.0.0.1:4567");
        values.put("AWS_REGION", "us-east-1");
        values.put("KINESIS_STREAM", "orders");
        values.put("AWS_ACCESS_KEY_ID", "AKIDPLANNING");
        values.put("AWS_SECRET_ACCESS_KEY", "planning-secret");
        values.put("NATS_URL", "nats://127.0.0.1:4222");
        values.put("NATS_SUBJECT", "orders.eu");
        values.put("NATS_USER", "reader");
        values.put("NATS_PASSWORD", "planning-password");
        values.put("NATS_JWT", natsUser.jwt());
        values.put("NATS_NKEY", natsUser.seed());
        values.put("START_MILLIS", "1767225600000");
        return values;
    }

    /** Flink's catalog keeps a TIME column at millisecond precision: TIME(6) becomes TIME(3). */
    private static LogicalType asFlinkResolves(LogicalType type) {
        if (type instanceof TimeType time && time.getPrecision() > 3) {
            return new TimeType(time.isNullable(), 3);
        }
        return type;
    }
}
