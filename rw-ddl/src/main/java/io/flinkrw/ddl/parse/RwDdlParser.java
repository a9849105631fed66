package io.flinkrw.ddl.parse;

import io.flinkrw.common.config.SecretOptions;
import io.flinkrw.ddl.parse.RwStatement.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A hand-written parser of RisingWave's {@code CREATE TABLE} and {@code CREATE SOURCE} statements,
 * both the new {@code FORMAT ... ENCODE ...} syntax and the legacy {@code ROW FORMAT ...} one.
 *
 * <p>A script may hold several statements separated by semicolons, and comments. Statements of
 * other kinds are returned as {@link RwStatement.Other} (skipped, not parsed). A syntax error makes
 * its statement a {@link RwStatement.Broken} that names the line and column; parsing resumes after
 * the next semicolon.
 *
 * <p>Beyond what RisingWave accepts, a trailing comma before the closing parenthesis of a column or
 * option list is tolerated (RisingWave's documentation has such examples).
 */
public final class RwDdlParser {

    /** The FORMAT names of RisingWave's new syntax. */
    static final Set<String> FORMATS =
            Set.of(
                    "PLAIN",
                    "UPSERT",
                    "DEBEZIUM",
                    "DEBEZIUM_MONGO",
                    "MAXWELL",
                    "CANAL",
                    "NATIVE",
                    "NONE");

    /** The ENCODE names of RisingWave's new syntax. */
    static final Set<String> ENCODES =
            Set.of(
                    "JSON",
                    "AVRO",
                    "PROTOBUF",
                    "CSV",
                    "BYTES",
                    "TEMPLATE",
                    "PARQUET",
                    "NATIVE",
                    "NONE",
                    "TEXT");

    /** The legacy ROW FORMAT names and the FORMAT / ENCODE pair RisingWave rewrites each to. */
    private static final Map<String, String[]> LEGACY_FORMATS = legacyFormats();

    /** Type names and the normalized name they stand for (multi-word names are handled apart). */
    private static final Map<String, String> TYPE_NAMES = typeNames();

    private final String text;
    private final List<Token> tokens;
    private int index;

    private RwDdlParser(String text) {
        this.text = text;
        this.tokens = RwLexer.tokenize(text);
    }

    /** Parses every statement of {@code text}. */
    public static List<RwStatement> parse(String text) {
        return new RwDdlParser(text).statements();
    }

    private List<RwStatement> statements() {
        List<RwStatement> statements = new ArrayList<>();
        while (true) {
            while (peek().type() == TokenType.SEMICOLON) {
                index++;
            }
            if (peek().type() == TokenType.END) {
                return statements;
            }
            try {
                statements.add(statement());
            } catch (RwSyntaxException e) {
                statements.add(new RwStatement.Broken(e));
                while (peek().type() != TokenType.SEMICOLON && peek().type() != TokenType.END) {
                    index++;
                }
            }
        }
    }

    private RwStatement statement() {
        Token first = peek();
        if (first.type() == TokenType.ERROR) {
            throw error(first, first.value());
        }
        if (first.isKeyword("CREATE")) {
            Token second = peek(1);
            if (second.isKeyword("TABLE")
                    || second.isKeyword("SOURCE")
                    || (second.isKeyword("MATERIALIZED") && peek(2).isKeyword("SOURCE"))) {
                return create();
            }
            if (second.type() != TokenType.WORD) {
                String hint =
                        second.value().equals("{")
                                ? " ({TABLE | SOURCE} in a syntax summary means: write one of"
                                        + " them)"
                                : "";
                throw error(
                        second,
                        "expected TABLE or SOURCE after CREATE, found " + second.describe() + hint);
            }
        }
        if (first.type() != TokenType.WORD) {
            throw error(first, "expected a statement, found " + first.describe());
        }
        return other();
    }

    private RwStatement other() {
        Token first = next();
        StringBuilder summary = new StringBuilder(first.upper());
        int words = 1;
        while (peek().type() != TokenType.SEMICOLON && peek().type() != TokenType.END) {
            Token token = next();
            if (token.type() == TokenType.ERROR) {
                throw error(token, token.value());
            }
            if (words < 3 && token.type() == TokenType.WORD) {
                summary.append(' ').append(token.upper());
                words++;
            } else {
                words = 3;
            }
        }
        return new RwStatement.Other(summary.toString(), first.position());
    }

    // ------------------------------------------------------------------------------- CREATE

    private RwStatement.Create create() {
        Token create = next();
        Kind kind;
        if (accept("MATERIALIZED")) {
            expect("SOURCE");
            kind = Kind.MATERIALIZED_SOURCE;
        } else if (accept("TABLE")) {
            kind = Kind.TABLE;
        } else {
            expect("SOURCE");
            kind = Kind.SOURCE;
        }
        boolean ifNotExists = false;
        if (peek().isKeyword("IF")) {
            next();
            expect("NOT");
            expect("EXISTS");
            ifNotExists = true;
        }
        if (peek().type() == TokenType.LEFT_BRACKET) {
            throw error(
                    peek(),
                    "expected the name of the "
                            + (kind == Kind.TABLE ? "table" : "source")
                            + ", found '[' ([IF NOT EXISTS] in a syntax summary means: write IF"
                            + " NOT EXISTS or leave it out)");
        }
        RwName name = objectName("the name of the " + (kind == Kind.TABLE ? "table" : "source"));

        ColumnList columnList = new ColumnList();
        boolean hasColumnList = false;
        if (peek().type() == TokenType.LEFT_PAREN) {
            hasColumnList = true;
            columnList(columnList);
        }
        List<RwInclude> includes = new ArrayList<>();
        List<RwOption> withOptions = null;
        RwFormat format = null;
        while (true) {
            Token token = peek();
            if (token.isKeyword("APPEND")) {
                next();
                expect("ONLY");
                columnList.clauses.add(
                        new RwClause(RwClause.Kind.APPEND_ONLY, "APPEND ONLY", token.position()));
            } else if (token.isKeyword("ON")) {
                next();
                expect("CONFLICT");
                columnList.clauses.add(
                        new RwClause(RwClause.Kind.ON_CONFLICT, onConflict(), token.position()));
            } else if (token.isKeyword("INCLUDE")) {
                includes.add(include());
            } else if (token.isKeyword("WITH") && peek(1).isKeyword("VERSION")) {
                next();
                next();
                expect("COLUMN");
                int start = peek().start();
                expectType(TokenType.LEFT_PAREN, "'('");
                identifier("a column name");
                expectType(TokenType.RIGHT_PAREN, "')'");
                columnList.clauses.add(
                        new RwClause(
                                RwClause.Kind.VERSION_COLUMN,
                                "WITH VERSION COLUMN " + text.substring(start, previous().end()),
                                token.position()));
            } else if (token.isKeyword("WITH")) {
                if (withOptions != null) {
                    throw error(token, "a second WITH clause: give every option in one");
                }
                next();
                withOptions = options("WITH");
            } else if (token.isKeyword("ENGINE")) {
                next();
                expectType(TokenType.EQUALS, "'='");
                RwIdent engine = identifier("an engine name");
                columnList.clauses.add(
                        new RwClause(
                                RwClause.Kind.ENGINE,
                                "ENGINE = " + engine.value(),
                                token.position()));
            } else if (token.isKeyword("FORMAT")) {
                if (format != null) {
                    throw error(token, "a second format clause");
                }
                format = newFormat();
            } else if (token.isKeyword("ROW") && peek(1).isKeyword("FORMAT")) {
                if (format != null) {
                    throw error(token, "a second format clause");
                }
                format = legacyFormat();
            } else if (token.isKeyword("AS")) {
                next();
                int start = peek().start();
                while (peek().type() != TokenType.SEMICOLON && peek().type() != TokenType.END) {
                    next();
                }
                columnList.clauses.add(
                        new RwClause(
                                RwClause.Kind.AS_QUERY,
                                "AS " + text.substring(start, previous().end()).trim(),
                                token.position()));
            } else {
                break;
            }
        }
        Token end = peek();
        if (end.type() == TokenType.ERROR) {
            throw error(end, end.value());
        }
        if (end.type() != TokenType.SEMICOLON && end.type() != TokenType.END) {
            String expected =
                    format == null
                            ? "INCLUDE, WITH (...), FORMAT ... ENCODE ..., ROW FORMAT ... or ';'"
                            : "';' after the format";
            throw error(end, "expected " + expected + ", found " + end.describe());
        }
        return new RwStatement.Create(
                kind,
                create.position(),
                ifNotExists,
                name,
                hasColumnList,
                columnList.wildcard,
                columnList.columns,
                columnList.primaryKey,
                includes,
                withOptions == null ? List.of() : withOptions,
                format,
                columnList.clauses);
    }

    /** What a column list holds. */
    private static final class ColumnList {
        final List<RwColumn> columns = new ArrayList<>();
        final List<RwClause> clauses = new ArrayList<>();
        RwPrimaryKey primaryKey;
        boolean wildcard;
    }

    private void columnList(ColumnList list) {
        expectType(TokenType.LEFT_PAREN, "'('");
        if (peek().type() == TokenType.RIGHT_PAREN) {
            next();
            return;
        }
        while (true) {
            element(list);
            if (peek().type() == TokenType.COMMA) {
                next();
                if (peek().type() == TokenType.RIGHT_PAREN) {
                    next();
                    return;
                }
            } else if (peek().type() == TokenType.RIGHT_PAREN) {
                next();
                return;
            } else {
                throw error(
                        peek(),
                        "expected ',' or ')' in the column list, found " + peek().describe());
            }
        }
    }

    private void element(ColumnList list) {
        Token token = peek();
        if (token.type() == TokenType.STAR) {
            next();
            list.wildcard = true;
            return;
        }
        if (token.isKeyword("PRIMARY") && peek(1).isKeyword("KEY")) {
            primaryKey(list, token);
            return;
        }
        if (token.isKeyword("CONSTRAINT") && peek(1).type() != TokenType.COMMA) {
            next();
            identifier("a constraint name");
            Token kind = peek();
            if (kind.isKeyword("PRIMARY") && peek(1).isKeyword("KEY")) {
                primaryKey(list, token);
            } else {
                String constraint = expression();
                list.clauses.add(
                        new RwClause(RwClause.Kind.CONSTRAINT, constraint, token.position()));
            }
            return;
        }
        if ((token.isKeyword("UNIQUE") || token.isKeyword("CHECK"))
                        && peek(1).type() == TokenType.LEFT_PAREN
                || (token.isKeyword("FOREIGN") && peek(1).isKeyword("KEY"))) {
            list.clauses.add(
                    new RwClause(RwClause.Kind.CONSTRAINT, expression(), token.position()));
            return;
        }
        if (token.isKeyword("WATERMARK") && peek(1).isKeyword("FOR")) {
            next();
            next();
            RwIdent column = identifier("the watermark's column");
            expect("AS");
            String expression = expression();
            list.clauses.add(
                    new RwClause(
                            RwClause.Kind.WATERMARK,
                            "WATERMARK FOR " + column.value() + " AS " + expression,
                            token.position()));
            return;
        }
        list.columns.add(column());
    }

    private void primaryKey(ColumnList list, Token start) {
        expect("PRIMARY");
        expect("KEY");
        if (list.primaryKey != null) {
            throw error(start, "a second PRIMARY KEY: a table has one");
        }
        List<RwIdent> columns = new ArrayList<>();
        expectType(TokenType.LEFT_PAREN, "'(' and the key's columns");
        do {
            columns.add(identifier("a column name"));
        } while (acceptType(TokenType.COMMA));
        expectType(TokenType.RIGHT_PAREN, "')'");
        list.primaryKey = new RwPrimaryKey(columns, start.position());
    }

    private RwColumn column() {
        RwIdent name = identifier("a column name, PRIMARY KEY (...) or ')'");
        if (peek().isKeyword("AS")) {
            next();
            return new RwColumn(name, null, false, false, expression(), null);
        }
        if (peek().type() == TokenType.COMMA || peek().type() == TokenType.RIGHT_PAREN) {
            throw error(peek(), "the column " + name.value() + " has no type");
        }
        RwType type = type();
        boolean notNull = false;
        boolean primaryKey = false;
        String generatedAs = null;
        String defaultValue = null;
        while (peek().type() != TokenType.COMMA && peek().type() != TokenType.RIGHT_PAREN) {
            Token token = peek();
            if (token.isKeyword("NOT") && peek(1).isKeyword("NULL")) {
                next();
                next();
                notNull = true;
            } else if (token.isKeyword("NULL")) {
                next();
            } else if (token.isKeyword("PRIMARY") && peek(1).isKeyword("KEY")) {
                next();
                next();
                primaryKey = true;
            } else if (token.isKeyword("DEFAULT")) {
                next();
                defaultValue = expression();
            } else if (token.isKeyword("AS")) {
                next();
                generatedAs = expression();
            } else {
                throw error(
                        token,
                        "expected ',', ')' or a column constraint (NOT NULL, PRIMARY KEY,"
                                + " DEFAULT ...) after the column "
                                + name.value()
                                + ", found "
                                + token.describe());
            }
        }
        return new RwColumn(name, type, notNull, primaryKey, generatedAs, defaultValue);
    }

    /** Tokens up to a ',' or ')' outside parentheses, as written. */
    private String expression() {
        Token first = peek();
        int depth = 0;
        int end = first.start();
        while (true) {
            Token token = peek();
            boolean closes =
                    depth == 0
                            && (token.type() == TokenType.COMMA
                                    || token.type() == TokenType.RIGHT_PAREN
                                    || token.type() == TokenType.RIGHT_BRACKET);
            if (closes) {
                if (end == first.start()) {
                    throw error(token, "expected an expression, found " + token.describe());
                }
                return text.substring(first.start(), end).trim();
            }
            switch (token.type()) {
                case ERROR:
                    throw error(token, token.value());
                case SEMICOLON:
                case END:
                    throw error(token, "unexpected " + token.describe() + " in an expression");
                case LEFT_PAREN:
                case LEFT_BRACKET:
                    depth++;
                    break;
                case RIGHT_PAREN:
                case RIGHT_BRACKET:
                    depth--;
                    break;
                default:
                    break;
            }
            end = next().end();
        }
    }

    private String onConflict() {
        Token token = peek();
        if (accept("OVERWRITE")) {
            return "OVERWRITE";
        }
        if (accept("IGNORE")) {
            return "IGNORE";
        }
        if (accept("DO")) {
            if (accept("NOTHING")) {
                return "DO NOTHING";
            }
            if (accept("UPDATE")) {
                if (accept("FULL")) {
                    return "DO UPDATE FULL";
                }
                if (accept("IF")) {
                    expect("NOT");
                    expect("NULL");
                    return "DO UPDATE IF NOT NULL";
                }
            }
        }
        throw error(
                token,
                "expected DO NOTHING, DO UPDATE FULL, DO UPDATE IF NOT NULL, OVERWRITE or IGNORE"
                        + " after ON CONFLICT, found "
                        + token.describe());
    }

    private RwInclude include() {
        expect("INCLUDE");
        Token what = peek();
        if (what.type() != TokenType.WORD) {
            throw error(
                    what,
                    "expected what to include (key, partition, offset, timestamp, payload,"
                            + " subject, ...), found "
                            + what.describe());
        }
        next();
        String innerField = null;
        RwType innerType = null;
        if (peek().type() == TokenType.STRING) {
            innerField = next().value();
            if (peek().type() == TokenType.WORD && !isClauseKeyword(peek())) {
                innerType = type();
            }
        }
        RwIdent alias = null;
        if (accept("AS")) {
            alias = identifier("the column name after AS");
        }
        return new RwInclude(
                what.value().toLowerCase(Locale.ROOT),
                what.position(),
                innerField,
                innerType,
                alias);
    }

    private static boolean isClauseKeyword(Token token) {
        return token.isKeyword("AS")
                || token.isKeyword("INCLUDE")
                || token.isKeyword("WITH")
                || token.isKeyword("FORMAT")
                || token.isKeyword("ROW");
    }

    // ------------------------------------------------------------------------------ options

    private List<RwOption> options(String clause) {
        expectType(TokenType.LEFT_PAREN, "'(' after " + clause);
        List<RwOption> options = new ArrayList<>();
        if (acceptType(TokenType.RIGHT_PAREN)) {
            return options;
        }
        while (true) {
            RwOption option = option();
            options.add(option);
            if (acceptType(TokenType.COMMA)) {
                if (acceptType(TokenType.RIGHT_PAREN)) {
                    return options;
                }
            } else if (acceptType(TokenType.RIGHT_PAREN)) {
                return options;
            } else {
                Token token = peek();
                String hint =
                        token.type() == TokenType.WORD
                                        || token.type() == TokenType.QUOTED_IDENTIFIER
                                ? " (a missing comma?)"
                                : "";
                throw error(
                        token,
                        "expected ',' or ')' after the option '"
                                + option.key()
                                + "', found "
                                + token.describe()
                                + hint);
            }
        }
    }

    private RwOption option() {
        Token first = peek();
        StringBuilder key = new StringBuilder(keyPart());
        while (peek().type() == TokenType.DOT) {
            next();
            key.append('.').append(keyPart());
        }
        String name = key.toString();
        Token equals = peek();
        if (equals.type() != TokenType.EQUALS) {
            throw error(
                    equals,
                    "expected '=' after the option name '"
                            + name
                            + "', found "
                            + equals.describe());
        }
        next();
        return new RwOption(name, value(name), first.position());
    }

    private String keyPart() {
        Token token = peek();
        if (token.type() == TokenType.WORD) {
            next();
            return token.value().toLowerCase(Locale.ROOT);
        }
        if (token.type() == TokenType.QUOTED_IDENTIFIER) {
            next();
            return token.value();
        }
        if (token.type() == TokenType.NUMBER && previous().type() == TokenType.DOT) {
            next();
            return token.value();
        }
        throw error(token, "expected an option name, found " + token.describe());
    }

    private RwValue value(String key) {
        Token token = peek();
        switch (token.type()) {
            case STRING:
            case NUMBER:
                next();
                return new RwValue.Literal(token.value());
            case MINUS:
            case PLUS:
                if (peek(1).type() == TokenType.NUMBER) {
                    next();
                    Token number = next();
                    return new RwValue.Literal(
                            (token.type() == TokenType.MINUS ? "-" : "") + number.value());
                }
                break;
            case WORD:
                if (token.isKeyword("TRUE") || token.isKeyword("FALSE")) {
                    next();
                    return new RwValue.Literal(token.value().toLowerCase(Locale.ROOT));
                }
                if (token.isKeyword("SECRET")
                        && (peek(1).type() == TokenType.WORD
                                || peek(1).type() == TokenType.QUOTED_IDENTIFIER)) {
                    next();
                    RwName secret = objectName("a secret name");
                    boolean asFile = false;
                    if (peek().isKeyword("AS") && peek(1).isKeyword("FILE")) {
                        next();
                        next();
                        asFile = true;
                    }
                    return new RwValue.SecretRef(secret.text(), asFile);
                }
                if (key.equals("connection")) {
                    return new RwValue.ConnectionRef(objectName("a connection name").text());
                }
                if (SecretOptions.isSecret(key)) {
                    throw error(
                            token,
                            "expected a value for '"
                                    + key
                                    + "' in single quotes, found an unquoted word: write "
                                    + key
                                    + " = '...'");
                }
                throw error(
                        token,
                        "expected a value for '"
                                + key
                                + "' in single quotes, found "
                                + token.describe()
                                + ": write "
                                + key
                                + " = '"
                                + token.value()
                                + "'");
            case OPERATOR:
                if (token.value().equals("`")) {
                    throw error(
                            token,
                            "a backtick-quoted value for '"
                                    + key
                                    + "': RisingWave (and this tool) take values in single"
                                    + " quotes, write "
                                    + key
                                    + " = '...'");
                }
                break;
            case ERROR:
                throw error(token, token.value());
            default:
                break;
        }
        String hint = token.type() == TokenType.LESS ? " (a placeholder left in?)" : "";
        throw error(
                token,
                "expected a value for '"
                        + key
                        + "' (a string in single quotes, a number or a boolean), found "
                        + token.describe()
                        + hint);
    }

    // ------------------------------------------------------------------------------- format

    private RwFormat newFormat() {
        Token start = next();
        Token format = peek();
        if (format.type() != TokenType.WORD || !FORMATS.contains(format.upper())) {
            throw error(
                    format,
                    "unknown format "
                            + format.describe()
                            + ": expected PLAIN, UPSERT, DEBEZIUM, DEBEZIUM_MONGO, MAXWELL, CANAL,"
                            + " NATIVE or NONE");
        }
        next();
        Token encodeKeyword = peek();
        if (!encodeKeyword.isKeyword("ENCODE")) {
            throw error(
                    encodeKeyword,
                    "expected ENCODE after FORMAT "
                            + format.upper()
                            + ", found "
                            + encodeKeyword.describe());
        }
        next();
        String encode = encodeName();
        List<RwOption> options =
                peek().type() == TokenType.LEFT_PAREN ? options("ENCODE " + encode) : List.of();
        String keyEncode = null;
        if (peek().isKeyword("KEY") && peek(1).isKeyword("ENCODE")) {
            next();
            next();
            keyEncode = encodeName();
            if (peek().type() == TokenType.LEFT_PAREN) {
                options("KEY ENCODE " + keyEncode);
            }
        }
        return new RwFormat(
                format.upper(),
                encode,
                options,
                false,
                "FORMAT " + format.upper() + " ENCODE " + encode,
                start.position(),
                keyEncode);
    }

    private String encodeName() {
        Token encode = peek();
        if (encode.type() != TokenType.WORD || !ENCODES.contains(encode.upper())) {
            throw error(
                    encode,
                    "unknown encode "
                            + encode.describe()
                            + ": expected JSON, AVRO, PROTOBUF, CSV, BYTES, TEMPLATE, PARQUET,"
                            + " TEXT, NATIVE or NONE");
        }
        next();
        return encode.upper();
    }

    private RwFormat legacyFormat() {
        Token start = next(); // ROW
        next(); // FORMAT
        Token name = peek();
        String[] mapped = name.type() == TokenType.WORD ? LEGACY_FORMATS.get(name.upper()) : null;
        if (mapped == null) {
            throw error(
                    name,
                    "unknown format "
                            + name.describe()
                            + " after ROW FORMAT: expected "
                            + String.join(" | ", LEGACY_FORMATS.keySet()));
        }
        next();
        String legacy = name.upper();
        List<RwOption> options = new ArrayList<>();
        boolean takesSchema =
                legacy.equals("PROTOBUF")
                        || legacy.equals("AVRO")
                        || legacy.equals("UPSERT_AVRO")
                        || legacy.equals("DEBEZIUM_AVRO");
        if (legacy.equals("PROTOBUF")) {
            Token message = peek();
            if (!message.isKeyword("MESSAGE")) {
                throw error(
                        message,
                        "expected MESSAGE 'name' after ROW FORMAT PROTOBUF, found "
                                + message.describe());
            }
            next();
            options.add(
                    new RwOption(
                            "message",
                            new RwValue.Literal(string("the message name")),
                            message.position()));
        }
        if (takesSchema) {
            Token row = peek();
            if (!(row.isKeyword("ROW") && peek(1).isKeyword("SCHEMA"))) {
                throw error(
                        row,
                        "expected ROW SCHEMA LOCATION 'url' after ROW FORMAT "
                                + legacy
                                + ", found "
                                + row.describe());
            }
            next();
            next();
            expect("LOCATION");
            boolean registry = false;
            if (accept("CONFLUENT")) {
                expect("SCHEMA");
                expect("REGISTRY");
                registry = true;
            }
            options.add(
                    new RwOption(
                            registry ? "schema.registry" : "schema.location",
                            new RwValue.Literal(string("the schema location")),
                            row.position()));
        } else if (legacy.equals("CSV")) {
            Token first = peek();
            boolean withoutHeader = false;
            if (accept("WITHOUT")) {
                expect("HEADER");
                withoutHeader = true;
            }
            expect("DELIMITED");
            expect("BY");
            options.add(
                    new RwOption(
                            "delimiter",
                            new RwValue.Literal(string("the delimiter")),
                            first.position()));
            options.add(
                    new RwOption(
                            "without_header",
                            new RwValue.Literal(Boolean.toString(withoutHeader)),
                            first.position()));
        }
        return new RwFormat(
                mapped[0],
                mapped[1],
                options,
                true,
                "ROW FORMAT " + legacy,
                start.position(),
                null);
    }

    // -------------------------------------------------------------------------------- types

    private RwType type() {
        Token start = peek();
        RwType type = baseType();
        while (peek().type() == TokenType.LEFT_BRACKET) {
            next();
            acceptType(TokenType.NUMBER);
            expectType(TokenType.RIGHT_BRACKET, "']'");
            type =
                    new RwType.Array(
                            type,
                            start.position(),
                            text.substring(start.start(), previous().end()));
        }
        return type;
    }

    private RwType baseType() {
        Token start = peek();
        if (start.type() != TokenType.WORD) {
            throw error(start, "expected a data type, found " + start.describe());
        }
        next();
        String word = start.value().toLowerCase(Locale.ROOT);
        switch (word) {
            case "struct":
                {
                    expectType(TokenType.LESS, "'<' after STRUCT");
                    List<RwType.Field> fields = new ArrayList<>();
                    do {
                        RwIdent field = identifier("a field name");
                        fields.add(new RwType.Field(field, type()));
                    } while (acceptType(TokenType.COMMA));
                    expectType(TokenType.GREATER, "',' or '>' in STRUCT<...>");
                    return new RwType.Struct(fields, start.position(), written(start));
                }
            case "map":
                {
                    expectType(TokenType.LEFT_PAREN, "'(' after MAP");
                    RwType key = type();
                    expectType(TokenType.COMMA, "',' between the key and value types of MAP");
                    RwType value = type();
                    expectType(TokenType.RIGHT_PAREN, "')'");
                    return new RwType.Map(key, value, start.position(), written(start));
                }
            case "double":
                accept("PRECISION");
                return named("double precision", List.of(), start);
            case "character":
            case "char":
                if (accept("VARYING")) {
                    return named("varchar", params(), start);
                }
                return named("character", params(), start);
            case "time":
            case "timestamp":
                {
                    List<Integer> params = params();
                    boolean withZone = false;
                    if (peek().isKeyword("WITH") && peek(1).isKeyword("TIME")) {
                        next();
                        withZone = true;
                        expect("TIME");
                        expect("ZONE");
                    } else if (accept("WITHOUT")) {
                        expect("TIME");
                        expect("ZONE");
                    }
                    String name = word + (withZone ? "tz" : "");
                    return named(name, params, start);
                }
            case "interval":
                while (peek().type() == TokenType.WORD
                        && Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO")
                                .contains(peek().upper())) {
                    next();
                    params();
                }
                return named("interval", List.of(), start);
            default:
                String name = TYPE_NAMES.get(word);
                if (name == null) {
                    throw error(start, "unknown data type " + start.describe());
                }
                return named(name, params(), start);
        }
    }

    private RwType.Named named(String name, List<Integer> params, Token start) {
        return new RwType.Named(name, params, start.position(), written(start));
    }

    private String written(Token start) {
        return text.substring(start.start(), previous().end());
    }

    private List<Integer> params() {
        List<Integer> params = new ArrayList<>();
        if (peek().type() != TokenType.LEFT_PAREN) {
            return params;
        }
        next();
        do {
            Token number = peek();
            if (number.type() != TokenType.NUMBER || !number.value().matches("[0-9]{1,9}")) {
                throw error(number, "expected a whole number, found " + number.describe());
            }
            next();
            params.add(Integer.parseInt(number.value()));
        } while (acceptType(TokenType.COMMA));
        expectType(TokenType.RIGHT_PAREN, "')'");
        return params;
    }

    // -------------------------------------------------------------------------- identifiers

    private RwName objectName(String what) {
        List<RwIdent> parts = new ArrayList<>();
        parts.add(identifier(what));
        while (peek().type() == TokenType.DOT) {
            next();
            parts.add(identifier(what));
        }
        return new RwName(parts);
    }

    private RwIdent identifier(String what) {
        Token token = peek();
        if (token.type() == TokenType.WORD) {
            next();
            return new RwIdent(token.value().toLowerCase(Locale.ROOT), false, token.position());
        }
        if (token.type() == TokenType.QUOTED_IDENTIFIER) {
            next();
            return new RwIdent(token.value(), true, token.position());
        }
        if (token.type() == TokenType.ERROR) {
            throw error(token, token.value());
        }
        if (token.value().equals("`")) {
            throw error(
                    token,
                    "expected "
                            + what
                            + ", found '`': RisingWave quotes identifiers with double quotes"
                            + " (\"Name\"), not backticks");
        }
        throw error(token, "expected " + what + ", found " + token.describe());
    }

    private String string(String what) {
        Token token = peek();
        if (token.type() != TokenType.STRING) {
            throw error(token, "expected " + what + " in single quotes, found " + token.describe());
        }
        next();
        return token.value();
    }

    // ------------------------------------------------------------------------------ helpers

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token previous() {
        return tokens.get(Math.max(index - 1, 0));
    }

    private Token next() {
        Token token = peek();
        if (index < tokens.size() - 1) {
            index++;
        }
        return token;
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptType(TokenType type) {
        if (peek().type() == type) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        Token token = peek();
        if (!token.isKeyword(keyword)) {
            throw error(token, "expected " + keyword + ", found " + token.describe());
        }
        next();
    }

    private void expectType(TokenType type, String what) {
        Token token = peek();
        if (token.type() != type) {
            throw error(token, "expected " + what + ", found " + token.describe());
        }
        next();
    }

    private static RwSyntaxException error(Token token, String message) {
        return new RwSyntaxException(token.position(), message);
    }

    private static Map<String, String[]> legacyFormats() {
        Map<String, String[]> formats = new LinkedHashMap<>();
        formats.put("JSON", new String[] {"PLAIN", "JSON"});
        formats.put("AVRO", new String[] {"PLAIN", "AVRO"});
        formats.put("PROTOBUF", new String[] {"PLAIN", "PROTOBUF"});
        formats.put("BYTES", new String[] {"PLAIN", "BYTES"});
        formats.put("CSV", new String[] {"PLAIN", "CSV"});
        formats.put("UPSERT_JSON", new String[] {"UPSERT", "JSON"});
        formats.put("UPSERT_AVRO", new String[] {"UPSERT", "AVRO"});
        formats.put("DEBEZIUM_JSON", new String[] {"DEBEZIUM", "JSON"});
        formats.put("DEBEZIUM_AVRO", new String[] {"DEBEZIUM", "AVRO"});
        formats.put("DEBEZIUM_MONGO_JSON", new String[] {"DEBEZIUM_MONGO", "JSON"});
        formats.put("MAXWELL", new String[] {"MAXWELL", "JSON"});
        formats.put("CANAL_JSON", new String[] {"CANAL", "JSON"});
        formats.put("NATIVE", new String[] {"NATIVE", "NATIVE"});
        return formats;
    }

    private static Map<String, String> typeNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("bool", "boolean");
        names.put("boolean", "boolean");
        names.put("smallint", "smallint");
        names.put("int2", "smallint");
        names.put("int", "integer");
        names.put("integer", "integer");
        names.put("int4", "integer");
        names.put("bigint", "bigint");
        names.put("int8", "bigint");
        names.put("real", "real");
        names.put("float4", "real");
        names.put("float8", "double precision");
        names.put("float", "float");
        names.put("numeric", "numeric");
        names.put("decimal", "numeric");
        names.put("dec", "numeric");
        names.put("varchar", "varchar");
        names.put("text", "varchar");
        names.put("string", "varchar");
        names.put("bytea", "bytea");
        names.put("date", "date");
        names.put("timestamptz", "timestamptz");
        names.put("timetz", "timetz");
        names.put("jsonb", "jsonb");
        names.put("json", "jsonb");
        names.put("serial", "serial");
        names.put("int256", "int256");
        names.put("rw_int256", "int256");
        names.put("vector", "vector");
        return names;
    }
}
