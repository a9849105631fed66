package io.flinkrw.ddl.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser: RisingWave's lexical rules, both format syntaxes, and errors at line:column. */
class RwDdlParserTest {

    // ------------------------------------------------------------------- lexical rules

    @Test
    void readsRisingWaveQuotingAndComments() {
        RwStatement.Create create =
                create(
                        "/* a /* nested */ block comment */\n"
                                + "CREATE SOURCE \"Odd \"\"Name\"\"\" ( -- a line comment\n"
                                + "  \"userId\" varchar, Amount int\n"
                                + ") WITH (\n"
                                + "  connector = 'nats',\n"
                                + "  \"Server_Url\" = 'it''s',\n"
                                + "  AWS.\"Region\".x = E'tab\\there\\n\\x41\\101',\n"
                                + "  subject = $$a;b$$,\n"
                                + "  n = -12.5e3, flag = TRUE\n"
                                + ") FORMAT PLAIN ENCODE JSON;");

        assertThat(create.name().last()).isEqualTo(new RwIdent("Odd \"Name\"", true, pos(2, 15)));
        assertThat(create.columns())
                .extracting(c -> c.name().value())
                .containsExactly("userId", "amount");
        assertThat(create.withOptions())
                .extracting(RwOption::key, RwDdlParserTest::text)
                .containsExactly(
                        tuple("connector", "nats"),
                        tuple("Server_Url", "it's"),
                        tuple("aws.Region.x", "tab\there\nAA"),
                        tuple("subject", "a;b"),
                        tuple("n", "-12.5e3"),
                        tuple("flag", "true"));
        assertThat(create.withOptions().get(1).position()).isEqualTo(pos(6, 3));
    }

    @Test
    void readsSeveralStatementsAndSkipsOthers() {
        List<RwStatement> statements =
                RwDdlParser.parse(
                        "SET streaming_parallelism = 2;\n"
                                + "CREATE SOURCE a WITH (connector = 'nats') FORMAT PLAIN ENCODE"
                                + " JSON;;\n"
                                + "CREATE MATERIALIZED VIEW v AS SELECT ';' FROM a;\n"
                                + "CREATE TABLE b (x int) WITH (connector = 'kinesis') ROW FORMAT"
                                + " JSON");

        assertThat(statements).hasSize(4);
        assertThat(statements.get(0))
                .isEqualTo(new RwStatement.Other("SET STREAMING_PARALLELISM", pos(1, 1)));
        assertThat(((RwStatement.Create) statements.get(1)).kind())
                .isEqualTo(RwStatement.Kind.SOURCE);
        assertThat(statements.get(2))
                .isEqualTo(new RwStatement.Other("CREATE MATERIALIZED VIEW", pos(3, 1)));
        assertThat(((RwStatement.Create) statements.get(3)).name().text()).isEqualTo("b");
    }

    @Test
    void toleratesTrailingCommasInListsAsTheDocumentationWritesThem() {
        RwStatement.Create create =
                create(
                        "CREATE TABLE t (\n  column1 varchar,\n  column2 integer,\n)\n"
                                + "WITH (connector='kinesis', stream='s',) ROW FORMAT JSON;");

        assertThat(create.columns()).hasSize(2);
        assertThat(create.withOptions()).hasSize(2);
    }

    // ---------------------------------------------------------------------------- formats

    @Test
    void rewritesTheLegacySyntaxAsRisingWaveDoes() {
        RwFormat protobuf =
                create(
                                "CREATE SOURCE s WITH (connector='kinesis')\n"
                                        + "ROW FORMAT PROTOBUF MESSAGE 'a.B'\n"
                                        + "ROW SCHEMA LOCATION 'http://h/s.pb';")
                        .format();
        assertThat(protobuf.format()).isEqualTo("PLAIN");
        assertThat(protobuf.encode()).isEqualTo("PROTOBUF");
        assertThat(protobuf.legacy()).isTrue();
        assertThat(protobuf.options())
                .extracting(RwOption::key, RwDdlParserTest::text, RwOption::position)
                .containsExactly(
                        tuple("message", "a.B", pos(2, 21)),
                        tuple("schema.location", "http://h/s.pb", pos(3, 1)));

        RwFormat registry =
                create(
                                "CREATE SOURCE s WITH (connector='kinesis') ROW FORMAT AVRO ROW"
                                        + " SCHEMA LOCATION CONFLUENT SCHEMA REGISTRY 'http://r';")
                        .format();
        assertThat(registry.options()).extracting(RwOption::key).containsExactly("schema.registry");

        RwFormat upsert =
                create("CREATE TABLE t (a int) WITH (connector='kinesis') ROW FORMAT UPSERT_JSON;")
                        .format();
        assertThat(upsert.format()).isEqualTo("UPSERT");
        assertThat(upsert.encode()).isEqualTo("JSON");
        assertThat(upsert.written()).isEqualTo("ROW FORMAT UPSERT_JSON");
    }

    @Test
    void readsTheNewSyntaxWithOptionsAndKeyEncode() {
        RwFormat format =
                create(
                                "CREATE TABLE t (a int) WITH (connector='kinesis')\n"
                                        + "FORMAT upsert ENCODE avro (schema.location = 'u',"
                                        + " aws.region = 'r') KEY ENCODE TEXT;")
                        .format();

        assertThat(format.format()).isEqualTo("UPSERT");
        assertThat(format.encode()).isEqualTo("AVRO");
        assertThat(format.keyEncode()).isEqualTo("TEXT");
        assertThat(format.options())
                .extracting(RwOption::key)
                .containsExactly("schema.location", "aws.region");
    }

    @Test
    void readsIncludeClausesTypesAndConstraints() {
        RwStatement.Create create =
                create(
                        "CREATE TABLE t (\n"
                                + "  id bigint PRIMARY KEY,\n"
                                + "  s struct<a int, b struct<c varchar>>[],\n"
                                + "  m map(varchar, int[]),\n"
                                + "  d double precision NOT NULL,\n"
                                + "  ts timestamp(3) with time zone,\n"
                                + "  i interval day to second,\n"
                                + "  g AS id + 1,\n"
                                + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                                + ") APPEND ONLY ON CONFLICT DO UPDATE IF NOT NULL\n"
                                + "INCLUDE key AS k INCLUDE header 'h' varchar INCLUDE offset\n"
                                + "WITH (connector='kinesis') FORMAT PLAIN ENCODE JSON;");

        assertThat(create.columns())
                .extracting(c -> c.name().value(), c -> c.type() == null ? null : c.type().text())
                .containsExactly(
                        tuple("id", "bigint"),
                        tuple("s", "struct<a int, b struct<c varchar>>[]"),
                        tuple("m", "map(varchar, int[])"),
                        tuple("d", "double precision"),
                        tuple("ts", "timestamp(3) with time zone"),
                        tuple("i", "interval day to second"),
                        tuple("g", null));
        assertThat(create.columns().get(0).primaryKey()).isTrue();
        assertThat(create.columns().get(3).notNull()).isTrue();
        assertThat(((RwType.Named) create.columns().get(4).type()).name()).isEqualTo("timestamptz");
        assertThat(create.columns().get(6).generatedAs()).isEqualTo("id + 1");
        assertThat(create.clauses())
                .extracting(RwClause::kind, RwClause::text)
                .containsExactly(
                        tuple(
                                RwClause.Kind.WATERMARK,
                                "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND"),
                        tuple(RwClause.Kind.APPEND_ONLY, "APPEND ONLY"),
                        tuple(RwClause.Kind.ON_CONFLICT, "DO UPDATE IF NOT NULL"));
        assertThat(create.includes())
                .extracting(
                        RwInclude::what,
                        RwInclude::innerField,
                        i -> i.alias() == null ? null : i.alias().value())
                .containsExactly(
                        tuple("key", null, "k"),
                        tuple("header", "h", null),
                        tuple("offset", null, null));
    }

    // ----------------------------------------------------------------------------- errors

    @Test
    void pointsAtTheSeedSyntaxSummaryPlaceholders() {
        assertThat(error("CREATE {TABLE | SOURCE} [ IF NOT EXISTS ] source_name"))
                .isEqualTo(
                        "1:8: expected TABLE or SOURCE after CREATE, found '{' ({TABLE | SOURCE}"
                                + " in a syntax summary means: write one of them)");
        assertThat(error("CREATE TABLE [ IF NOT EXISTS ] source_name"))
                .isEqualTo(
                        "1:14: expected the name of the table, found '[' ([IF NOT EXISTS] in a"
                                + " syntax summary means: write IF NOT EXISTS or leave it out)");
    }

    @Test
    void rejectsBacktickQuotedValuesClearly() {
        assertThat(
                        error(
                                "CREATE SOURCE s WITH (\n"
                                        + "   connector='nats',\n"
                                        + "   jwt=`<your jwt>`,\n"
                                        + ") FORMAT PLAIN ENCODE JSON;"))
                .isEqualTo(
                        "3:8: a backtick-quoted value for 'jwt': RisingWave (and this tool) take"
                                + " values in single quotes, write jwt = '...'");
        assertThat(error("CREATE SOURCE `s` WITH (connector='nats') FORMAT PLAIN ENCODE JSON;"))
                .isEqualTo(
                        "1:15: expected the name of the source, found '`': RisingWave quotes"
                                + " identifiers with double quotes (\"Name\"), not backticks");
    }

    @Test
    void pointsAtAMissingCommaAndAnUnquotedPlaceholder() {
        assertThat(
                        error(
                                "CREATE SOURCE s WITH (\n"
                                        + "   connector='nats',\n"
                                        + "   password='secret'\n"
                                        + "   jwt='x'\n"
                                        + ") FORMAT PLAIN ENCODE JSON;"))
                .isEqualTo(
                        "4:4: expected ',' or ')' after the option 'password', found 'jwt' (a"
                                + " missing comma?)");
        assertThat(error("CREATE SOURCE s WITH (connect_mode=<connect_mode>)"))
                .isEqualTo(
                        "1:36: expected a value for 'connect_mode' (a string in single quotes, a"
                                + " number or a boolean), found '<' (a placeholder left in?)");
        assertThat(error("CREATE SOURCE s WITH (connect_mode=plain)"))
                .isEqualTo(
                        "1:36: expected a value for 'connect_mode' in single quotes, found"
                                + " 'plain': write connect_mode = 'plain'");
    }

    @Test
    void pointsAtUnknownFormatsEncodesAndTypes() {
        assertThat(error("CREATE SOURCE s WITH (connector='nats')\n  FORMAT FANCY ENCODE JSON;"))
                .isEqualTo(
                        "2:10: unknown format 'FANCY': expected PLAIN, UPSERT, DEBEZIUM,"
                                + " DEBEZIUM_MONGO, MAXWELL, CANAL, NATIVE or NONE");
        assertThat(error("CREATE SOURCE s WITH (connector='nats') FORMAT PLAIN ENCODE XML;"))
                .isEqualTo(
                        "1:61: unknown encode 'XML': expected JSON, AVRO, PROTOBUF, CSV, BYTES,"
                                + " TEMPLATE, PARQUET, TEXT, NATIVE or NONE");
        assertThat(error("CREATE SOURCE s WITH (connector='nats') ROW FORMAT XML;"))
                .startsWith("1:52: unknown format 'XML' after ROW FORMAT: expected JSON | AVRO");
        assertThat(error("CREATE SOURCE s (\n  a uuid\n) WITH (connector='nats') ROW FORMAT JSON;"))
                .isEqualTo("2:5: unknown data type 'uuid'");
        assertThat(
                        error(
                                "CREATE SOURCE s WITH (connector='nats') ROW FORMAT PROTOBUF ROW SCHEMA LOCATION 'x';"))
                .isEqualTo("1:61: expected MESSAGE 'name' after ROW FORMAT PROTOBUF, found 'ROW'");
        assertThat(error("CREATE SOURCE s WITH (connector='nats') ROW FORMAT AVRO;"))
                .isEqualTo(
                        "1:56: expected ROW SCHEMA LOCATION 'url' after ROW FORMAT AVRO, found"
                                + " ';'");
    }

    @Test
    void pointsAtUnterminatedStringsCommentsAndIdentifiers() {
        assertThat(error("CREATE SOURCE s WITH (\n  connector = 'nats\n) ROW FORMAT JSON;"))
                .isEqualTo("2:15: unterminated string: the quote opened here is never closed");
        assertThat(error("CREATE SOURCE s /* open\n WITH (connector = 'nats')"))
                .isEqualTo("1:17: unterminated comment: '/*' without its '*/'");
        assertThat(error("CREATE SOURCE \"s WITH (connector = 'nats')"))
                .isEqualTo(
                        "1:15: unterminated quoted identifier: the '\"' opened here is never"
                                + " closed");
    }

    @Test
    void pointsAtWhatFollowsTheStatement() {
        assertThat(error("CREATE SOURCE s WITH (connector='nats') FORMAT PLAIN ENCODE JSON extra;"))
                .isEqualTo("1:66: expected ';' after the format, found 'extra'");
        assertThat(error("CREATE SOURCE s (a int) oops"))
                .isEqualTo(
                        "1:25: expected INCLUDE, WITH (...), FORMAT ... ENCODE ..., ROW FORMAT ..."
                                + " or ';', found 'oops'");
        assertThat(error("CREATE SOURCE s (a int b int)"))
                .isEqualTo(
                        "1:24: expected ',', ')' or a column constraint (NOT NULL, PRIMARY KEY,"
                                + " DEFAULT ...) after the column a, found 'b'");
    }

    @Test
    void resumesAfterASyntaxError() {
        List<RwStatement> statements =
                RwDdlParser.parse(
                        "CREATE SOURCE a (x int WITH (connector = 'nats') ROW FORMAT JSON;\n"
                                + "CREATE SOURCE b (x int) WITH (connector = 'nats') ROW FORMAT"
                                + " JSON;");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).isInstanceOf(RwStatement.Broken.class);
        assertThat(((RwStatement.Create) statements.get(1)).name().text()).isEqualTo("b");
    }

    private static RwStatement.Create create(String sql) {
        List<RwStatement> statements = RwDdlParser.parse(sql);
        assertThat(statements).hasSize(1);
        if (statements.get(0) instanceof RwStatement.Broken broken) {
            throw broken.error();
        }
        return (RwStatement.Create) statements.get(0);
    }

    private static String error(String sql) {
        RwStatement statement = RwDdlParser.parse(sql).get(0);
        assertThat(statement).isInstanceOf(RwStatement.Broken.class);
        return ((RwStatement.Broken) statement).error().getMessage();
    }

    private static String text(RwOption option) {
        return ((RwValue.Literal) option.value()).text();
    }

    private static SourcePosition pos(int line, int column) {
        return new SourcePosition(line, column);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
