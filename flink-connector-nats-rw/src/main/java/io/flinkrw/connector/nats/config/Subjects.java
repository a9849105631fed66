package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Parses the {@code subject} option and checks that its subjects are valid and disjoint. */
@Internal
public final class Subjects {

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

    /**
     * Whether {@code subject} is a valid subject filter, by nats-server's rule: non-empty tokens
     * without whitespace, where only a token that is exactly {@code *} or {@code >} is a wildcard
     * ({@code >} last); a token that merely contains one ({@code a*b}) is a literal.
     */
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
            if (token.equals(">") && i != tokens.length - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The published subjects among {@code wanted} that one of the {@code filters} matches, sorted
     * and without duplicates. A wanted string that no message can be published to (a wildcard
     * token, an empty token, whitespace) matches nothing.
     */
    static List<String> coveredBy(List<String> filters, Collection<String> wanted) {
        Set<String> covered = new TreeSet<>();
        for (String subject : wanted) {
            if (!isPublishable(subject)) {
                continue;
            }
            for (String filter : filters) {
                if (matches(filter, subject)) {
                    covered.add(subject);
                    break;
                }
            }
        }
        return new ArrayList<>(covered);
    }

    /**
     * Whether a message can be published to {@code subject}: valid and without wildcard tokens
     * (tokens that are exactly {@code *} or {@code >}).
     */
    static boolean isPublishable(String subject) {
        if (!isValid(subject)) {
            return false;
        }
        for (String token : subject.split("\\.")) {
            if (token.equals("*") || token.equals(">")) {
                return false;
            }
        }
        return true;
    }

    /** Whether the filter (wildcards allowed) matches the published {@code subject}. */
    static boolean matches(String filter, String subject) {
        String[] f = filter.split("\\.");
        String[] s = subject.split("\\.");
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || (!f[i].equals("*") && !f[i].equals(s[i]))) {
                return false;
            }
        }
        return f.length == s.length;
    }

    /** Whether some subject matches both filters. */
    public static boolean overlap(String a, String b) {
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
