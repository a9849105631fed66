package io.flinkrw.ddl.parse;

/** A clause of a CREATE statement that the translation must look at but keeps no model of. */
public record RwClause(Kind kind, String text, SourcePosition position) {

    /** What the clause is. */
    public enum Kind {
        /** {@code APPEND ONLY}. */
        APPEND_ONLY,
        /** {@code ON CONFLICT ...}; the text is the behaviour in upper case, e.g. DO NOTHING. */
        ON_CONFLICT,
        /** {@code WATERMARK FOR col AS expr} in the column list. */
        WATERMARK,
        /** {@code WITH VERSION COLUMN (col)}. */
        VERSION_COLUMN,
        /** {@code ENGINE = name}. */
        ENGINE,
        /** {@code AS query} (CREATE TABLE AS). */
        AS_QUERY,
        /** A table constraint other than the primary key (UNIQUE, CHECK, FOREIGN KEY). */
        CONSTRAINT
    }
}
