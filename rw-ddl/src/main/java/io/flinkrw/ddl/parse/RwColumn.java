package io.flinkrw.ddl.parse;

import javax.annotation.Nullable;

/**
 * A column of a RisingWave column list.
 *
 * @param name the column name
 * @param type its type; null for a generated column ({@code name AS expr})
 * @param notNull whether it is declared {@code NOT NULL}
 * @param primaryKey whether it carries the column constraint {@code PRIMARY KEY}
 * @param generatedAs the expression of a generated column, as written
 * @param defaultValue the expression of {@code DEFAULT}, as written
 */
public record RwColumn(
        RwIdent name,
        @Nullable RwType type,
        boolean notNull,
        boolean primaryKey,
        @Nullable String generatedAs,
        @Nullable String defaultValue) {

    public SourcePosition position() {
        return name.position();
    }
}
