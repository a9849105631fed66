package io.flinkrw.ddl.parse;

import java.util.Locale;

/**
 * One token of the input.
 *
 * @param type the kind
 * @param value the identifier or literal value (quotes removed, escapes resolved), the operator
 *     character, or the message of an {@link TokenType#ERROR}
 * @param position where it starts
 * @param start offset of its first character in the input
 * @param end offset just after its last character
 */
public record Token(TokenType type, String value, SourcePosition position, int start, int end) {

    /** Whether this is the unquoted word {@code keyword} (case-insensitive). */
    public boolean isKeyword(String keyword) {
        return type == TokenType.WORD && value.equalsIgnoreCase(keyword);
    }

    /** An unquoted word in upper case, for keyword comparisons. */
    public String upper() {
        return value.toUpperCase(Locale.ROOT);
    }

    /** How the token is shown in an error message. */
    public String describe() {
        switch (type) {
            case END:
                return "the end of the input";
            case STRING:
                return "a string literal";
            case QUOTED_IDENTIFIER:
                return "\"" + abbreviate(value) + "\"";
            case ERROR:
                return value;
            default:
                return "'" + abbreviate(value) + "'";
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
