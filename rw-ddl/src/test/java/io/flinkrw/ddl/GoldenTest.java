package io.flinkrw.ddl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests: each {@code golden/X.rw.sql} translates to exactly {@code golden/X.flink.sql}
 * (schemas read from {@code file://}). Run with {@code -Dgolden.update=true} to rewrite the
 * expected files, then review the diff.
 */
class GoldenTest {

    private final RwDdlTranslator translator = RwDdlTranslator.create();

    static List<String> cases() {
        return TestInputs.cases(TestInputs.GOLDEN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsRecorded(String name) throws Exception {
        String actual = translate(name);
        Path expected = TestInputs.GOLDEN.resolve(name + ".flink.sql");
        if (TestInputs.UPDATE) {
            TestInputs.write(expected, actual);
        }
        assertThat(Files.exists(expected)).as("%s exists", expected).isTrue();
        assertThat(actual).isEqualTo(TestInputs.read(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "avro", "protobuf"})
    void legacyAndNewSyntaxGiveTheSameOutput(String format) {
        String legacy = translate(format + "-legacy");
        String current = translate(format + "-new");
        assertThat(legacy).contains("CREATE TABLE").isEqualTo(current);
    }

    private String translate(String name) {
        String input =
                TestInputs.fill(
                        TestInputs.read(TestInputs.GOLDEN.resolve(name + ".rw.sql")),
                        Map.of("SCHEMAS", TestInputs.schemasUri()));
        return FlinkDdlPrinter.print(translator.translate(input))
                .replace(TestInputs.schemasUri(), "${SCHEMAS}");
    }
}
