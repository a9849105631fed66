package io.flinkrw.ddl.cli;

import io.flinkrw.ddl.Finding;
import io.flinkrw.ddl.FlinkDdlPrinter;
import io.flinkrw.ddl.RwDdlTranslator;
import io.flinkrw.ddl.StatementTranslation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line tool: reads RisingWave DDL from files or standard input and prints Flink DDL.
 *
 * <pre>
 * rw-to-flink [--keep-going] [--connector-aliases] [--output FILE] [FILE ...]
 * </pre>
 *
 * <p>The Flink statements go to standard output (or {@code --output}); every problem goes to
 * standard error as {@code file:line:column: severity: message}. Exit codes: {@value #OK} every
 * statement translated; {@value #PROBLEMS} a statement has a feature with no equivalent, or an
 * error (an unreadable schema, a column not in it), and {@code --keep-going} was not given; {@value
 * #INPUT_ERROR} a syntax error or an unreadable input file (whatever the options); {@value #USAGE}
 * bad arguments.
 */
public final class RwToFlink {

    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int INPUT_ERROR = 2;
    public static final int USAGE = 64;

    static final String USAGE_TEXT =
            String.join(
                    "\n",
                    "Usage: rw-to-flink [OPTIONS] [FILE ...]",
                    "",
                    "Translates RisingWave CREATE SOURCE / CREATE TABLE statements for the kinesis",
                    "and nats connectors into Flink CREATE TABLE statements. Reads the FILEs, or",
                    "standard input when there is none or a FILE is '-'. Columns of AVRO and",
                    "PROTOBUF statements without a column list are derived from the schema at",
                    "their location (file://, http(s)://, s3://).",
                    "",
                    "Options:",
                    "  -k, --keep-going         exit 0 even when a statement has a feature with no",
                    "                           Flink equivalent or an error (they are still",
                    "                           reported); syntax errors always exit 2",
                    "      --connector-aliases  write 'kinesis-rw' / 'nats-rw' instead of 'kinesis' /",
                    "                           'nats' (for clusters with Flink's own Kinesis",
                    "                           connector)",
                    "  -o, --output FILE        write the Flink DDL to FILE instead of standard output",
                    "  -h, --help               print this help",
                    "",
                    "Exit codes: 0 translated; 1 unsupported features or errors (without",
                    "--keep-going); 2 a syntax error or an unreadable input; 64 bad arguments.");

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    RwToFlink(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new RwToFlink(System.in, out, err).run(args));
    }

    /** Runs the tool; returns the exit code. */
    int run(String[] args) {
        boolean keepGoing = false;
        boolean aliases = false;
        String output = null;
        List<String> files = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                files.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.equals("-k") || arg.equals("--keep-going")) {
                keepGoing = true;
            } else if (arg.equals("--connector-aliases")) {
                aliases = true;
            } else if (arg.equals("-o") || arg.equals("--output")) {
                if (i + 1 >= args.length) {
                    return usage(arg + " needs a file name");
                }
                output = args[++i];
            } else if (arg.startsWith("--output=")) {
                output = arg.substring("--output=".length());
            } else if (arg.equals("-h") || arg.equals("--help")) {
                stdout.println(USAGE_TEXT);
                return OK;
            } else {
                return usage("unknown option " + arg);
            }
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        RwDdlTranslator translator = RwDdlTranslator.builder().connectorAliases(aliases).build();
        List<String> blocks = new ArrayList<>();
        boolean inputError = false;
        boolean problems = false;
        int statements = 0;
        int translated = 0;
        for (String file : files) {
            String name = file.equals("-") ? "<stdin>" : file;
            String text;
            try {
                text = read(file);
            } catch (IOException e) {
                stderr.println(name + ": cannot read: " + e);
                inputError = true;
                continue;
            }
            String header = files.size() > 1 ? "-- from " + name + "\n" : "";
            List<StatementTranslation> translations = translator.translate(text);
            if (translations.isEmpty() && !header.isEmpty()) {
                blocks.add(header);
            }
            for (StatementTranslation translation : translations) {
                statements++;
                translated += translation.translated() ? 1 : 0;
                inputError |= translation.isSyntaxError();
                problems |= translation.hasProblems();
                report(name, translation);
                blocks.add(header + FlinkDdlPrinter.print(translation));
                header = "";
            }
        }
        String ddl = String.join("\n", blocks);
        try {
            write(output, ddl);
        } catch (IOException e) {
            stderr.println(output + ": cannot write: " + e);
            return INPUT_ERROR;
        }
        if (inputError || problems) {
            stderr.printf(
                    "rw-to-flink: %d of %d statements translated%s%n",
                    translated,
                    statements,
                    inputError
                            ? ""
                            : keepGoing ? " (--keep-going: exit 0)" : "; see the messages above");
        }
        if (inputError) {
            return INPUT_ERROR;
        }
        return problems && !keepGoing ? PROBLEMS : OK;
    }

    private void report(String name, StatementTranslation translation) {
        for (Finding finding : translation.findings()) {
            if (!finding.severity().isProblem()) {
                continue;
            }
            String[] lines = finding.message().split("\\R");
            String label =
                    translation.isSyntaxError() ? "syntax error" : finding.severity().label();
            String message = lines[0];
            if (translation.isSyntaxError()) {
                message = message.replaceFirst("^syntax error at column \\d+: ", "");
            }
            stderr.println(
                    name
                            + ":"
                            + finding.position().line()
                            + ":"
                            + finding.position().column()
                            + ": "
                            + label
                            + ": "
                            + message);
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    stderr.println("    " + lines[i].strip());
                }
            }
        }
    }

    private String read(String file) throws IOException {
        if (file.equals("-")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stdin.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private void write(String output, String ddl) throws IOException {
        if (output == null) {
            stdout.print(ddl);
            stdout.flush();
            return;
        }
        try (OutputStream out = Files.newOutputStream(Path.of(output))) {
            out.write(ddl.getBytes(StandardCharsets.UTF_8));
        }
    }

    private int usage(String problem) {
        stderr.println("rw-to-flink: " + problem);
        stderr.println(USAGE_TEXT);
        return USAGE;
    }
}
