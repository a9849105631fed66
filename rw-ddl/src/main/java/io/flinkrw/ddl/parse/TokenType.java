package io.flinkrw.ddl.parse;

/** The kinds of token in RisingWave's DDL. */
public enum TokenType {
    /** An unquoted identifier or keyword, as written. */
    WORD,
    /** A double-quoted identifier; the value has its quotes removed. */
    QUOTED_IDENTIFIER,
    /** A string literal ('...', E'...', $$...$$); the value is unescaped. */
    STRING,
    /** A numeric literal, as written. */
    NUMBER,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    SEMICOLON,
    EQUALS,
    DOT,
    STAR,
    LESS,
    GREATER,
    MINUS,
    PLUS,
    /** Any other operator character (only expressions, which are skipped, have them). */
    OPERATOR,
    /** Input the lexer could not read; the value is the message. */
    ERROR,
    END
}
