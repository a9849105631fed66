package io.flinkrw.ddl;

import io.flinkrw.testutils.SchemaHttpServer;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQL example of the seed pages ({@code seeds/X.rw.sql}, the placeholders replaced)
 * translates to {@code seeds/X.flink.sql}, every statement into a table; the Avro and Protobuf
 * examples get their columns from schemas served over HTTP. The server variables stay as {@code
 * ${...}} in both files, for the end-to-end tests to fill in.
 */
class SeedExamplesTest {

    @RegisterExtension
    static final SchemaHttpServer SCHEMAS = SchemaHttpServer.serving(TestInputs.SCHEMAS);

    static List<String> cases() {
        return TestInputs.cases(TestInputs.SEEDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesEveryStatement(String name) {
        List<StatementTranslation> translations =
                translate(name, Map.of("SCHEMA_BASE", SCHEMAS.filesUrl()));

        assertThat(translations).isNotEmpty();
        for (StatementTranslation translation : translations) {
            assertThat(translation.translated()).as(translation.title()).isTrue();
            assertThat(translation.findings())
                    .as(translation.title())
                    .noneMatch(f -> f.severity().isProblem());
        }
        String actual =
                FlinkDdlPrinter.print(translations).replace(SCHEMAS.filesUrl(), "${SCHEMA_BASE}");
        Path expected = TestInputs.SEEDS.resolve(name + ".flink.sql");
        if (TestInputs.UPDATE) {
            TestInputs.write(expected, actual);
        }
        assertThat(Files.exists(expected)).as("%s exists", expected).isTrue();
        assertThat(actual).isEqualTo(TestInputs.read(expected));
    }

    /**
     * The translations of {@code seeds/name.rw.sql} with its variables filled in from {@code
     * values} (at least {@code SCHEMA_BASE}, where its schemas are served).
     */
    static List<StatementTranslation> translate(String name, Map<String, String> values) {
        String input =
                TestInputs.fill(
                        TestInputs.read(TestInputs.SEEDS.resolve(name + ".rw.sql")), values);
        return RwDdlTranslator.create().translate(input);
    }
}
