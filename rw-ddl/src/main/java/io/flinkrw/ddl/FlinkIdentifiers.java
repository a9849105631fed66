package io.flinkrw.ddl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes identifiers for Flink SQL: as they are where Flink's parser takes them unquoted, in
 * backticks otherwise (a reserved word, or characters beyond letters, digits and underscores).
 */
public final class FlinkIdentifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> RESERVED = load("flink-reserved-words.txt");

    private FlinkIdentifiers() {}

    /** {@code name}, quoted with backticks where Flink needs it. */
    public static String quote(String name) {
        return needsQuotes(name) ? "`" + name.replace("`", "``") + "`" : name;
    }

    /** Whether Flink's parser needs {@code name} in backticks. */
    public static boolean needsQuotes(String name) {
        return !PLAIN.matcher(name).matches() || RESERVED.contains(name.toUpperCase(Locale.ROOT));
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (InputStream in = FlinkIdentifiers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    words.add(line.toUpperCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
