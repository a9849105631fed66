package io.flinkrw.e2e;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL examples of the README's "Flink SQL" section are accepted by the real factories and
 * formats: each table is created and planned, each query planned. Schema locations are replaced by
 * local schemas with the columns the examples declare ({@code readme/<table>.avsc|.proto}).
 */
class ReadmeExamplesTest {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TABLE_NAME = Pattern.compile("CREATE TABLE (\\w+)");
    private static final Pattern SCHEMA_LOCATION =
            Pattern.compile("('rw-(?:avro|protobuf)\\.schema\\.location' = )'[^']*'");

    private static final List<String> tables = new ArrayList<>();
    private static final List<String> queries = new ArrayList<>();

    @BeforeAll
    static void readExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section =
                readme.substring(
                        readme.indexOf("## Flink SQL"), readme.indexOf("## From RisingWave"));
        Matcher block = SQL_BLOCK.matcher(section);
        while (block.find()) {
            String withoutComments = block.group(1).replaceAll("--[^\\n]*", "");
            for (String statement : withoutComments.split(";")) {
                String sql = statement.trim();
                if (sql.startsWith("CREATE TABLE")) {
                    tables.add(sql);
                } else if (!sql.isEmpty()) {
                    queries.add(sql);
                }
            }
        }
    }

    @Test
    void everyTableIsCreatedAndPlanned() throws Exception {
        assertThat(tables).hasSize(6);
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String table : tables) {
            Matcher name = TABLE_NAME.matcher(table);
            assertThat(name.find()).as(table).isTrue();
            env.executeSql(withLocalSchema(table, name.group(1)));
            assertThat(env.explainSql("SELECT * FROM " + name.group(1)))
                    .as(table)
                    .contains("TableSourceScan");
        }
    }

    @Test
    void everyQueryIsPlanned() throws Exception {
        assertThat(queries).isNotEmpty();
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String table : tables) {
            Matcher name = TABLE_NAME.matcher(table);
            assertThat(name.find()).isTrue();
            env.executeSql(withLocalSchema(table, name.group(1)));
        }
        for (String query : queries) {
            assertThat(env.explainSql(query)).as(query).contains("TableSourceScan");
        }
    }

    private static String withLocalSchema(String table, String name) throws URISyntaxException {
        Matcher location = SCHEMA_LOCATION.matcher(table);
        if (!location.find()) {
            return table;
        }
        String file = name + (location.group(1).contains("avro") ? ".avsc" : ".proto");
        Path schema =
                Path.of(
                        Objects.requireNonNull(
                                        ReadmeExamplesTest.class.getResource("/readme/" + file),
                                        file)
                                .toURI());
        return location.replaceFirst(
                "$1'" + Matcher.quoteReplacement(schema.toUri().toString()) + "'");
    }
}
