package io.flinkrw.ddl.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits RisingWave DDL into tokens, following RisingWave's (PostgreSQL's) lexical rules:
 * single-quoted strings with {@code ''} for a quote, {@code E'...'} strings with backslash escapes,
 * dollar-quoted strings, double-quoted identifiers with {@code ""} for a quote, unquoted
 * identifiers of letters, digits, {@code _} and {@code $}, {@code --} line comments and nestable
 * {@code /* *}{@code /} block comments.
 *
 * <p>Input it cannot read becomes an {@link TokenType#ERROR} token that says why, so the parser
 * reports it at its line and column and can resume with the next statement.
 */
public final class RwLexer {

    private final String text;
    private int offset;
    private int line = 1;
    private int column = 1;

    private RwLexer(String text) {
        this.text = text;
    }

    /** Every token of {@code text}, ending with one {@link TokenType#END}. */
    public static List<Token> tokenize(String text) {
        return new RwLexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token token = next();
            tokens.add(token);
            if (token.type() == TokenType.END) {
                return tokens;
            }
        }
    }

    private Token next() {
        skipSpaceAndComments();
        if (pendingError != null) {
            Token error = pendingError;
            pendingError = null;
            return error;
        }
        int start = offset;
        SourcePosition position = position();
        if (offset >= text.length()) {
            return new Token(TokenType.END, "", position, start, start);
        }
        char c = text.charAt(offset);
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            advance();
            return escapeString(start, position);
        }
        if (c == 'N' && peek(1) == '\'') {
            advance();
            return quotedString(start, position);
        }
        if (Character.isLetter(c) || c == '_') {
            while (offset < text.length() && isIdentifierPart(text.charAt(offset))) {
                advance();
            }
            return token(TokenType.WORD, text.substring(start, offset), position, start);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number(start, position);
        }
        switch (c) {
            case '\'':
                return quotedString(start, position);
            case '"':
                return quotedIdentifier(start, position);
            case '$':
                return dollarString(start, position);
            case '(':
                return single(TokenType.LEFT_PAREN, start, position);
            case ')':
                return single(TokenType.RIGHT_PAREN, start, position);
            case '[':
                return single(TokenType.LEFT_BRACKET, start, position);
            case ']':
                return single(TokenType.RIGHT_BRACKET, start, position);
            case ',':
                return single(TokenType.COMMA, start, position);
            case ';':
                return single(TokenType.SEMICOLON, start, position);
            case '=':
                return single(TokenType.EQUALS, start, position);
            case '.':
                return single(TokenType.DOT, start, position);
            case '*':
                return single(TokenType.STAR, start, position);
            case '<':
                return single(TokenType.LESS, start, position);
            case '>':
                return single(TokenType.GREATER, start, position);
            case '-':
                return single(TokenType.MINUS, start, position);
            case '+':
                return single(TokenType.PLUS, start, position);
            default:
                int codePoint = text.codePointAt(offset);
                advance();
                if (Character.charCount(codePoint) == 2) {
                    advance();
                }
                return token(TokenType.OPERATOR, text.substring(start, offset), position, start);
        }
    }

    /** An error found while skipping a comment, returned as the next token. */
    private Token pendingError;

    private void skipSpaceAndComments() {
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (Character.isWhitespace(c)) {
                advance();
            } else if (c == '-' && peek(1) == '-') {
                while (offset < text.length()
                        && text.charAt(offset) != '\n'
                        && text.charAt(offset) != '\r') {
                    advance();
                }
            } else if (c == '/' && peek(1) == '*') {
                int start = offset;
                SourcePosition position = position();
                advance();
                advance();
                int depth = 1;
                while (depth > 0 && offset < text.length()) {
                    if (text.charAt(offset) == '/' && peek(1) == '*') {
                        advance();
                        advance();
                        depth++;
                    } else if (text.charAt(offset) == '*' && peek(1) == '/') {
                        advance();
                        advance();
                        depth--;
                    } else {
                        advance();
                    }
                }
                if (depth > 0) {
                    pendingError =
                            new Token(
                                    TokenType.ERROR,
                                    "unterminated comment: '/*' without its '*/'",
                                    position,
                                    start,
                                    offset);
                    return;
                }
            } else {
                return;
            }
        }
    }

    private Token quotedString(int start, SourcePosition position) {
        advance(); // the opening quote
        StringBuilder value = new StringBuilder();
        while (offset < text.length()) {
            char c = text.charAt(offset);
            advance();
            if (c == '\'') {
                if (peek(0) == '\'') {
                    advance();
                    value.append('\'');
                } else {
                    return new Token(TokenType.STRING, value.toString(), position, start, offset);
                }
            } else {
                value.append(c);
            }
        }
        return error("unterminated string: the quote opened here is never closed", position, start);
    }

    private Token escapeString(int start, SourcePosition position) {
        advance(); // the opening quote
        StringBuilder value = new StringBuilder();
        while (offset < text.length()) {
            char c = text.charAt(offset);
            advance();
            if (c == '\'') {
                if (peek(0) == '\'') {
                    advance();
                    value.append('\'');
                } else {
                    return new Token(TokenType.STRING, value.toString(), position, start, offset);
                }
            } else if (c == '\\' && offset < text.length()) {
                char e = text.charAt(offset);
                advance();
                switch (e) {
                    case 'b':
                        value.append('\b');
                        break;
                    case 'f':
                        value.append('\f');
                        break;
                    case 'n':
                        value.append('\n');
                        break;
                    case 'r':
                        value.append('\r');
                        break;
                    case 't':
                        value.append('\t');
                        break;
                    case 'x':
                        value.append((char) digits(16, 2));
                        break;
                    case 'u':
                        value.appendCodePoint(digits(16, 4));
                        break;
                    case 'U':
                        value.appendCodePoint(digits(16, 8));
                        break;
                    default:
                        if (e >= '0' && e <= '7') {
                            int octal = e - '0';
                            for (int i = 0; i < 2 && peek(0) >= '0' && peek(0) <= '7'; i++) {
                                octal = octal * 8 + (peek(0) - '0');
                                advance();
                            }
                            value.append((char) octal);
                        } else {
                            value.append(e);
                        }
                }
            } else {
                value.append(c);
            }
        }
        return error("unterminated string: the quote opened here is never closed", position, start);
    }

    /** Up to {@code max} digits of {@code radix} at the current offset, as a number. */
    private int digits(int radix, int max) {
        int value = 0;
        int count = 0;
        while (count < max
                && offset < text.length()
                && Character.digit(text.charAt(offset), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(offset), radix);
            advance();
            count++;
        }
        return value;
    }

    private Token quotedIdentifier(int start, SourcePosition position) {
        advance();
        StringBuilder value = new StringBuilder();
        while (offset < text.length()) {
            char c = text.charAt(offset);
            advance();
            if (c == '"') {
                if (peek(0) == '"') {
                    advance();
                    value.append('"');
                } else {
                    if (value.length() == 0) {
                        return error("empty quoted identifier \"\"", position, start);
                    }
                    return new Token(
                            TokenType.QUOTED_IDENTIFIER, value.toString(), position, start, offset);
                }
            } else {
                value.append(c);
            }
        }
        return error(
                "unterminated quoted identifier: the '\"' opened here is never closed",
                position,
                start);
    }

    private Token dollarString(int start, SourcePosition position) {
        int tagEnd = offset + 1;
        while (tagEnd < text.length()
                && isIdentifierPart(text.charAt(tagEnd))
                && text.charAt(tagEnd) != '$') {
            tagEnd++;
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            advance();
            return token(TokenType.OPERATOR, "$", position, start);
        }
        String tag = text.substring(offset, tagEnd + 1);
        int close = text.indexOf(tag, tagEnd + 1);
        if (close < 0) {
            return error(
                    "unterminated dollar-quoted string: " + tag + " opened here is never closed",
                    position,
                    start);
        }
        String value = text.substring(tagEnd + 1, close);
        while (offset < close + tag.length()) {
            advance();
        }
        return new Token(TokenType.STRING, value, position, start, offset);
    }

    private Token number(int start, SourcePosition position) {
        while (offset < text.length() && Character.isDigit(text.charAt(offset))) {
            advance();
        }
        if (peek(0) == '.') {
            advance();
            while (offset < text.length() && Character.isDigit(text.charAt(offset))) {
                advance();
            }
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (Character.isDigit(peek(1))
                        || ((peek(1) == '-' || peek(1) == '+') && Character.isDigit(peek(2))))) {
            advance();
            if (peek(0) == '-' || peek(0) == '+') {
                advance();
            }
            while (offset < text.length() && Character.isDigit(text.charAt(offset))) {
                advance();
            }
        }
        return token(TokenType.NUMBER, text.substring(start, offset), position, start);
    }

    private Token single(TokenType type, int start, SourcePosition position) {
        advance();
        return token(type, text.substring(start, offset), position, start);
    }

    private Token token(TokenType type, String value, SourcePosition position, int start) {
        return new Token(type, value, position, start, offset);
    }

    /** An error token; the rest of the input is consumed (nothing after it can be trusted). */
    private Token error(String message, SourcePosition position, int start) {
        while (offset < text.length()) {
            advance();
        }
        return new Token(TokenType.ERROR, message, position, start, offset);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private char peek(int ahead) {
        int at = offset + ahead;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private SourcePosition position() {
        return new SourcePosition(line, column);
    }

    private void advance() {
        char c = text.charAt(offset++);
        if (c == '\n' || (c == '\r' && peek(0) != '\n')) {
            line++;
            column = 1;
        } else if (c != '\r') {
            column++;
        }
    }
}
