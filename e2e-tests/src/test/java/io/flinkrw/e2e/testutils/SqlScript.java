package io.flinkrw.e2e.testutils;

import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script for the SQL client, usually a test resource, with {@code ${name}} placeholders the
 * test fills in (paths, endpoints, stream names). A placeholder left unfilled is an error.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final String name;
    private final String template;
    private final Map<String, String> values;

    private SqlScript(String name, String template, Map<String, String> values) {
        this.name = name;
        this.template = template;
        this.values = values;
    }

    /** The script in the classpath resource {@code resource}, e.g. {@code /sql/x.sql}. */
    public static SqlScript fromResource(String resource) {
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            Preconditions.checkArgument(in != null, "No SQL script resource %s", resource);
            String fileName = resource.substring(resource.lastIndexOf('/') + 1);
            return new SqlScript(
                    fileName.replaceAll("\\.sql$", ""),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    new LinkedHashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script given as text; {@code name} names its file and its output. */
    public static SqlScript of(String name, String text) {
        return new SqlScript(name, text, new LinkedHashMap<>());
    }

    /** A copy with {@code ${key}} replaced by {@code value}. */
    public SqlScript with(String key, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, String.valueOf(value));
        return new SqlScript(name, template, copy);
    }

    public String name() {
        return name;
    }

    /** The script text with every placeholder filled in. */
    public String render() {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "SQL script " + name + " needs a value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return "SqlScript(" + name + ")";
    }
}
