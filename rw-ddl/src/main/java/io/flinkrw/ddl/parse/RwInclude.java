package io.flinkrw.ddl.parse;

import javax.annotation.Nullable;

/**
 * An {@code INCLUDE what ['inner' [type]] [AS alias]} clause.
 *
 * @param what the included field, in lower case ({@code key}, {@code offset}, ...)
 * @param innerField the inner field name (only Kafka's {@code header} has one)
 * @param innerType the type of the inner field
 * @param alias the column name given with {@code AS}
 */
public record RwInclude(
        String what,
        SourcePosition position,
        @Nullable String innerField,
        @Nullable RwType innerType,
        @Nullable RwIdent alias) {}
