package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.List;

/** Parses the {@code subject} option and checks that its subjects are valid and disjoint. */
@Internal
final class Subjects {

    private Subjects() {}

    /** The comma-separated subjects, trimmed, each valid, no two overlapping. */
    static List<String> parse(String value) {
        String key = NatsConnectorOptions.SUBJECT.key();
        List<String> subjects = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String subject = raw.trim();
            if (!isValid(subject)) {
                throw new ValidationException(
                        String.format(
                                "Option '%s' has the invalid subject '%s' in '%s': subjects are"
                                        + " dot-separated non-empty tokens without whitespace;"
                                        + " '*' matches one token and '>' the rest (last token"
                                        + " only).",
                                key, subject, value));
            }
            for (String earlier : subjects) {
                if (overlap(earlier, subject)) {
                    throw new ValidationException(
                            String.format(
                                    "Option '%s' lists the overlapping subjects '%s' and '%s': a"
                                            + " message matching both would be read twice. List"
                                            + " disjoint subjects.",
                                    key, earlier, subject));
                }
            }
            subjects.add(subject);
        }
        return subjects;
    }

    /** Whether {@code subject} is a valid subject filter. */
    static boolean isValid(String subject) {
        if (subject.isEmpty()) {
            return false;
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
                return false;
            }
            if (token.contains(">") && (!token.equals(">") || i != tokens.length - 1)) {
                return false;
            }
            if (token.contains("*") && !token.equals("*")) {
                return false;
            }
        }
        return true;
    }

    /** Whether some subject matches both filters. */
    static boolean overlap(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int i = 0;
        for (; i < x.length && i < y.length; i++) {
            if (x[i].equals(">") || y[i].equals(">")) {
                return true;
            }
            if (!x[i].equals("*") && !y[i].equals("*") && !x[i].equals(y[i])) {
                return false;
            }
        }
        if (x.length == y.length) {
            return true;
        }
        // One is longer: it overlaps only if the shorter one ends with '>' (handled above).
        return i < x.length ? x[i].equals(">") : y[i].equals(">");
    }
}
