package io.flinkrw.testutils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL statements of the README's "Flink SQL" section (comments removed), for tests that run
 * them against local servers with the connection options swapped.
 */
public final class ReadmeExamples {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("'([^']*)'\\s*=\\s*'([^']*)'");

    private final List<String> statements = new ArrayList<>();

    private ReadmeExamples(String readme) {
        String section =
                readme.substring(
                        readme.indexOf("## Flink SQL"), readme.indexOf("## From RisingWave"));
        Matcher block = SQL_BLOCK.matcher(section);
        while (block.find()) {
            String withoutComments = block.group(1).replaceAll("--[^\\n]*", "");
            for (String statement : withoutComments.split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.trim());
                }
            }
        }
    }

    /** The examples of the README of the project, found from a module's directory. */
    public static ReadmeExamples read() throws IOException {
        return new ReadmeExamples(
                Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));
    }

    /** The {@code CREATE TABLE} statement of table {@code name}. */
    public String table(String name) {
        return statements.stream()
                .filter(s -> s.startsWith("CREATE TABLE " + name + " "))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No README table " + name));
    }

    /** The statements that are not {@code CREATE TABLE}. */
    public List<String> queries() {
        return statements.stream()
                .filter(s -> !s.startsWith("CREATE TABLE"))
                .collect(Collectors.toList());
    }

    /**
     * {@code createTable} with its {@code WITH} options changed: each key of {@code changes} set to
     * its value, or removed when the value is null.
     */
    public static String withOptions(String createTable, Map<String, String> changes) {
        int with = createTable.lastIndexOf(") WITH (");
        Map<String, String> options = new LinkedHashMap<>();
        Matcher option = OPTION.matcher(createTable.substring(with));
        while (option.find()) {
            options.put(option.group(1), option.group(2));
        }
        changes.forEach(
                (key, value) -> {
                    if (value == null) {
                        options.remove(key);
                    } else {
                        options.put(key, value);
                    }
                });
        return createTable.substring(0, with)
                + options.entrySet().stream()
                        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                        .collect(Collectors.joining(", ", ") WITH (", ")"));
    }
}
