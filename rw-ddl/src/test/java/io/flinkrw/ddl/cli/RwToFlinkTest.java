package io.flinkrw.ddl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: inputs, outputs, messages and exit codes. */
class RwToFlinkTest {

    private static final String JSON_SOURCE =
            "CREATE SOURCE s (id bigint)\n"
                    + "WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')\n"
                    + "FORMAT PLAIN ENCODE JSON;\n";

    private static final String UPSERT =
            "CREATE TABLE u (id bigint, PRIMARY KEY (id))\n"
                    + "WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')\n"
                    + "FORMAT UPSERT ENCODE JSON;\n";

    @TempDir Path dir;

    @Test
    void translatesStandardInputToStandardOutput() {
        Run run = run(JSON_SOURCE);

        assertThat(run.exit).isEqualTo(RwToFlink.OK);
        assertThat(run.err).isEmpty();
        assertThat(run.out)
                .isEqualTo(
                        "-- RisingWave CREATE SOURCE s (line 1)\n"
                                + "CREATE TABLE s (\n"
                                + "  id BIGINT\n"
                                + ") WITH (\n"
                                + "  'connector' = 'kinesis',\n"
                                + "  'stream' = 's',\n"
                                + "  'aws.region' = 'us-east-1',\n"
                                + "  'format' = 'rw-json'\n"
                                + ");\n");
    }

    @Test
    void reportsUnsupportedFeaturesWithTheirLineAndExitsOne() throws Exception {
        Path file = write("mixed.sql", JSON_SOURCE + "\n" + UPSERT);

        Run run = run("", file.toString());

        assertThat(run.exit).isEqualTo(RwToFlink.PROBLEMS);
        assertThat(run.err)
                .startsWith(
                        file
                                + ":7:1: unsupported: FORMAT UPSERT ENCODE JSON has no"
                                + " equivalent")
                .endsWith("rw-to-flink: 1 of 2 statements translated; see the messages above\n");
        assertThat(run.out)
                .contains("CREATE TABLE s (")
                .contains("-- RisingWave CREATE TABLE u (line 5): not translated\n");
    }

    @Test
    void keepsGoingWhenToldTo() throws Exception {
        Path file = write("mixed.sql", UPSERT + JSON_SOURCE);

        Run run = run("", "--keep-going", file.toString());

        assertThat(run.exit).isEqualTo(RwToFlink.OK);
        assertThat(run.err)
                .contains(":3:1: unsupported: FORMAT UPSERT")
                .endsWith("rw-to-flink: 1 of 2 statements translated (--keep-going: exit 0)\n");
        assertThat(run.out).contains("CREATE TABLE s (");
    }

    @Test
    void syntaxErrorsPointAtLineAndColumnAndAlwaysExitTwo() {
        Run run =
                run(
                        "CREATE SOURCE s (\n  id bigint,\n  name varchar(\n) WITH ();\n"
                                + JSON_SOURCE,
                        "-k");

        assertThat(run.exit).isEqualTo(RwToFlink.INPUT_ERROR);
        assertThat(run.err)
                .startsWith("<stdin>:4:1: syntax error: expected a whole number, found ')'\n");
        assertThat(run.out)
                .contains("-- error (line 4): syntax error at column 1: expected a whole number")
                .contains("CREATE TABLE s (");
    }

    @Test
    void readsSeveralFilesAndWritesTheOutputFile() throws Exception {
        Path first = write("first.sql", JSON_SOURCE);
        Path second = write("second.sql", "-- nothing but a comment\n");
        Path output = dir.resolve("out.sql");

        Run run =
                run(
                        "",
                        "--connector-aliases",
                        "--output",
                        output.toString(),
                        first.toString(),
                        second.toString());

        assertThat(run.exit).isEqualTo(RwToFlink.OK);
        assertThat(run.out).isEmpty();
        String written = Files.readString(output);
        assertThat(written)
                .startsWith("-- from " + first + "\n-- RisingWave CREATE SOURCE s (line 1)\n")
                .contains("'connector' = 'kinesis-rw'")
                .endsWith(");\n\n-- from " + second + "\n");
    }

    @Test
    void anUnreadableFileExitsTwo() {
        Run run = run("", dir.resolve("missing.sql").toString());

        assertThat(run.exit).isEqualTo(RwToFlink.INPUT_ERROR);
        assertThat(run.err).contains("missing.sql: cannot read: ");
    }

    @Test
    void masksSecretsInMessages() {
        Run run =
                run(
                        "CREATE SOURCE s (id bigint)\n"
                                + "WITH (connector = 'kinesis', stream = 's', aws.region = 'r',"
                                + " password = 'hunter2')\n"
                                + "FORMAT PLAIN ENCODE JSON (aws.credentials.secret_access_key ="
                                + " 'hunter3');\n"
                                + "CREATE SOURCE t WITH (connector = 'nats', nkey = hunter4);\n");

        assertThat(run.exit).isEqualTo(RwToFlink.INPUT_ERROR);
        assertThat(run.err)
                .contains("'password' = '******' is dropped")
                .contains("'aws.credentials.secret_access_key' = '******' of ENCODE JSON")
                .contains("expected a value for 'nkey' in single quotes, found an unquoted word");
        assertThat(run.out + run.err).doesNotContain("hunter");
    }

    @Test
    void answersHelpAndRejectsUnknownOptions() {
        Run help = run("", "--help");
        assertThat(help.exit).isEqualTo(RwToFlink.OK);
        assertThat(help.out).startsWith("Usage: rw-to-flink [OPTIONS] [FILE ...]");

        Run wrong = run("", "--fast");
        assertThat(wrong.exit).isEqualTo(RwToFlink.USAGE);
        assertThat(wrong.err).startsWith("rw-to-flink: unknown option --fast\nUsage:");

        Run missing = run("", "-o");
        assertThat(missing.exit).isEqualTo(RwToFlink.USAGE);
        assertThat(missing.err).startsWith("rw-to-flink: -o needs a file name");
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                new RwToFlink(
                                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8))
                        .run(args);
        return new Run(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {}
}
