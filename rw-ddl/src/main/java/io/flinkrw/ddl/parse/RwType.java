package io.flinkrw.ddl.parse;

import java.util.List;

/** A RisingWave data type as declared, with its text and position. */
public sealed interface RwType permits RwType.Named, RwType.Array, RwType.Struct, RwType.Map {

    /** Where the type starts. */
    SourcePosition position();

    /** The type as written. */
    String text();

    /**
     * A type known by its name, normalized: {@code boolean}, {@code smallint}, {@code integer},
     * {@code bigint}, {@code real}, {@code double precision}, {@code float}, {@code numeric},
     * {@code varchar}, {@code character}, {@code bytea}, {@code date}, {@code time}, {@code
     * timetz}, {@code timestamp}, {@code timestamptz}, {@code interval}, {@code jsonb}, {@code
     * serial}, {@code int256}, {@code vector}.
     */
    record Named(String name, List<Integer> params, SourcePosition position, String text)
            implements RwType {
        public Named {
            params = List.copyOf(params);
        }
    }

    /** {@code element[]}. */
    record Array(RwType element, SourcePosition position, String text) implements RwType {}

    /** {@code struct<name type, ...>}. */
    record Struct(List<Field> fields, SourcePosition position, String text) implements RwType {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** A field of a struct. */
    record Field(RwIdent name, RwType type) {}

    /** {@code map(key, value)}. */
    record Map(RwType key, RwType value, SourcePosition position, String text) implements RwType {}
}
