package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.SourcePosition;
import io.flinkrw.formats.schema.ColumnList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints translations as Flink SQL: for each statement, comment lines (what it was, how the
 * semantics differ, every finding), then the {@code CREATE TABLE} with one column or option per
 * line. The output is stable: the same input always prints the same text.
 */
public final class FlinkDdlPrinter {

    private static final String INDENT = "  ";

    /** Comment lines are broken at spaces to stay within this many characters. */
    private static final int WIDTH = 100;

    private FlinkDdlPrinter() {}

    /** Every translation, separated by blank lines. */
    public static String print(List<StatementTranslation> translations) {
        return translations.stream().map(FlinkDdlPrinter::print).collect(Collectors.joining("\n"));
    }

    /** One translation: its comments and, when translated, its CREATE TABLE. */
    public static String print(StatementTranslation translation) {
        StringBuilder out = new StringBuilder();
        SourcePosition at = translation.statement().position();
        comment(
                out,
                "RisingWave "
                        + translation.title()
                        + " (line "
                        + at.line()
                        + ")"
                        + (translation.translated() ? "" : ": not translated"));
        for (String explanation : translation.explanations()) {
            comment(out, explanation);
        }
        for (Finding finding : translation.findings()) {
            comment(
                    out,
                    finding.severity().label()
                            + " (line "
                            + finding.position().line()
                            + "): "
                            + finding.message());
        }
        if (translation.table() != null) {
            out.append(createTable(translation.table()));
        }
        return out.toString();
    }

    /** The CREATE TABLE statement, ending with ';' and a newline. */
    public static String createTable(FlinkTable table) {
        StringBuilder out = new StringBuilder("CREATE TABLE ");
        if (table.ifNotExists()) {
            out.append("IF NOT EXISTS ");
        }
        out.append(FlinkIdentifiers.quote(table.name())).append(" (\n");
        List<String> lines = new ArrayList<>();
        for (FlinkColumn column : table.columns()) {
            StringBuilder line =
                    new StringBuilder(INDENT)
                            .append(FlinkIdentifiers.quote(column.name()))
                            .append(' ')
                            .append(ColumnList.typeDdl(column.type()));
            if (column.isMetadata()) {
                line.append(" METADATA FROM ")
                        .append(literal(column.metadataKey()))
                        .append(" VIRTUAL");
            }
            lines.add(line.toString());
        }
        String key =
                table.primaryKey().isEmpty()
                        ? null
                        : "PRIMARY KEY ("
                                + table.primaryKey().stream()
                                        .map(FlinkIdentifiers::quote)
                                        .collect(Collectors.joining(", "))
                                + ") NOT ENFORCED";
        if (key != null && !table.primaryKeyAsComment()) {
            lines.add(INDENT + key);
        }
        out.append(String.join(",\n", lines)).append('\n');
        if (key != null && table.primaryKeyAsComment()) {
            out.append(INDENT).append("-- , ").append(key).append('\n');
        }
        out.append(") WITH (\n");
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, String> option : table.options().entrySet()) {
            options.add(INDENT + literal(option.getKey()) + " = " + literal(option.getValue()));
        }
        out.append(String.join(",\n", options)).append("\n);\n");
        return out.toString();
    }

    /** A SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void comment(StringBuilder out, String text) {
        String[] lines = text.split("\\R", -1);
        wrapped(out, "-- ", lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                wrapped(out, "--   ", lines[i].strip());
            }
        }
    }

    /** {@code text} after {@code prefix}, broken at spaces into lines of at most WIDTH. */
    private static void wrapped(StringBuilder out, String prefix, String text) {
        String rest = text;
        String lead = prefix;
        while (lead.length() + rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH - lead.length());
            if (cut <= 0) {
                break;
            }
            out.append(lead).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut + 1);
            lead = "--   ";
        }
        out.append(lead).append(rest).append('\n');
    }
}
