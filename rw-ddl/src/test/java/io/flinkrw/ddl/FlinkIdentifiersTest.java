package io.flinkrw.ddl;

import org.apache.flink.sql.parser.impl.FlinkSqlParserImplConstants;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.delegation.Parser;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identifiers are quoted exactly where Flink's parser needs it: checked against every keyword of
 * the parser, in every place the printer writes a name.
 */
class FlinkIdentifiersTest {

    private final Parser parser =
            ((TableEnvironmentInternal)
                            TableEnvironment.create(EnvironmentSettings.inStreamingMode()))
                    .getParser();

    @Test
    void quotesEveryWordTheParserDoesNotTakeUnquoted() {
        TreeSet<String> missed = new TreeSet<>();
        TreeSet<String> failingQuoted = new TreeSet<>();
        for (String word : parserKeywords()) {
            if (!parsesEverywhere(word) && !FlinkIdentifiers.needsQuotes(word)) {
                missed.add(word);
            }
            if (!parsesEverywhere(FlinkIdentifiers.quote(word))) {
                failingQuoted.add(word);
            }
        }
        assertThat(missed).as("keywords printed without the quotes they need").isEmpty();
        assertThat(failingQuoted).as("keywords that do not parse as printed").isEmpty();
    }

    @Test
    void leavesPlainNamesAsTheyAre() {
        for (String name :
                List.of("id", "name", "userId", "_rw_kinesis_key", "subject", "headers", "c1")) {
            assertThat(FlinkIdentifiers.quote(name)).isEqualTo(name);
            assertThat(parsesEverywhere(name)).as(name).isTrue();
        }
    }

    @Test
    void quotesReservedWordsAndOtherCharacters() {
        assertThat(FlinkIdentifiers.quote("timestamp")).isEqualTo("`timestamp`");
        assertThat(FlinkIdentifiers.quote("Offset")).isEqualTo("`Offset`");
        assertThat(FlinkIdentifiers.quote("Quoted Name")).isEqualTo("`Quoted Name`");
        assertThat(FlinkIdentifiers.quote("9lives")).isEqualTo("`9lives`");
        assertThat(FlinkIdentifiers.quote("a`b")).isEqualTo("`a``b`");
        assertThat(FlinkIdentifiers.quote("größe")).isEqualTo("`größe`");
        for (String name : List.of("Quoted Name", "9lives", "a`b", "größe", "a.b")) {
            assertThat(parsesEverywhere(FlinkIdentifiers.quote(name))).as(name).isTrue();
        }
    }

    /** Whether {@code name} parses as table, column, key and ROW field name. */
    private boolean parsesEverywhere(String name) {
        String[] statements = {
            "CREATE TABLE " + name + " (a INT) WITH ('connector' = 'x')",
            "CREATE TABLE t ("
                    + name
                    + " INT, PRIMARY KEY ("
                    + name
                    + ") NOT ENFORCED)"
                    + " WITH ('connector' = 'x')",
            "CREATE TABLE t (a INT, "
                    + name
                    + " BYTES METADATA FROM 'key' VIRTUAL)"
                    + " WITH ('connector' = 'x')",
            "CREATE TABLE t (a ROW<" + name + " INT>) WITH ('connector' = 'x')",
        };
        for (String statement : statements) {
            try {
                parser.parse(statement);
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static List<String> parserKeywords() {
        List<String> words = new ArrayList<>();
        for (String image : FlinkSqlParserImplConstants.tokenImage) {
            if (image.matches("\"[A-Za-z_][A-Za-z0-9_]*\"")) {
                words.add(image.substring(1, image.length() - 1));
            }
        }
        assertThat(words).hasSizeGreaterThan(500);
        return words;
    }
}
