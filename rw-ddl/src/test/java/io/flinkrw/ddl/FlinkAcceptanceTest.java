package io.flinkrw.ddl;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flink accepts every table the golden and seed inputs translate to: its parser and catalog take
 * the printed text (comments and all) and resolve the columns, types and key as translated; its
 * planner, with {@link StandInTableFactory} standing in for our connector, takes the format, its
 * options (the schema fetched again by the format itself), the declared columns and the metadata
 * columns.
 */
class FlinkAcceptanceTest {

    private static SchemaHttpServer schemas;

    @BeforeAll
    static void startSchemaServer() {
        schemas = new SchemaHttpServer(TestInputs.SCHEMAS);
    }

    @AfterAll
    static void stopSchemaServer() {
        schemas.close();
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
            env.executeSql(withoutSemicolon(FlinkDdlPrinter.print(translation)));
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

            String plannedName = table.name() + "_planned";
            FlinkTable standIn =
                    StandInTableFactory.standIn(
                            new FlinkTable(
                                    plannedName,
                                    false,
                                    table.columns(),
                                    table.primaryKey(),
                                    table.primaryKeyAsComment(),
                                    table.options()),
                            "none");
            env.executeSql(withoutSemicolon(FlinkDdlPrinter.createTable(standIn)));
            List<String> metadataKeys =
                    table.columns().stream()
                            .filter(FlinkColumn::isMetadata)
                            .map(FlinkColumn::metadataKey)
                            .collect(Collectors.toList());
            assertThat(explain(env, plannedName))
                    .contains(
                            "TableSourceScan(table=[[default_catalog, default_database, "
                                    + plannedName
                                    + (metadataKeys.isEmpty()
                                            ? "]]"
                                            : ", metadata=["
                                                    + String.join(", ", metadataKeys)
                                                    + "]]]"));
        }
    }

    /**
     * The stand-in's planning catches what the format would: a declared column the schema does not
     * have fails (so the planning above checks the translated columns against the schema).
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
                StandInTableFactory.standIn(
                        new FlinkTable("wrong", false, columns, List.of(), false, table.options()),
                        "none");
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(withoutSemicolon(FlinkDdlPrinter.createTable(wrong)));

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
            return SeedExamplesTest.translate(
                    name.substring("seeds/".length()), schemas.directoryUrl());
        }
        String input =
                TestInputs.fill(
                        TestInputs.read(
                                TestInputs.GOLDEN.resolve(
                                        name.substring("golden/".length()) + ".rw.sql")),
                        Map.of("SCHEMAS", TestInputs.schemasUri()));
        return RwDdlTranslator.create().translate(input);
    }

    /** Flink's catalog keeps a TIME column at millisecond precision: TIME(6) becomes TIME(3). */
    private static LogicalType asFlinkResolves(LogicalType type) {
        if (type instanceof TimeType time && time.getPrecision() > 3) {
            return new TimeType(time.isNullable(), 3);
        }
        return type;
    }

    private static String withoutSemicolon(String sql) {
        String trimmed = sql.stripTrailing();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
