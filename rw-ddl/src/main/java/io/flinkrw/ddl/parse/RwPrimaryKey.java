package io.flinkrw.ddl.parse;

import java.util.List;

/** A primary key: its columns and where it is declared. */
public record RwPrimaryKey(List<RwIdent> columns, SourcePosition position) {

    public RwPrimaryKey {
        columns = List.copyOf(columns);
    }
}
