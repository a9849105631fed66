package io.flinkrw.ddl.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A possibly qualified object name, such as {@code analytics.orders}. */
public record RwName(List<RwIdent> parts) {

    public RwName {
        parts = List.copyOf(parts);
    }

    /** The object's own name, without its schema or database. */
    public RwIdent last() {
        return parts.get(parts.size() - 1);
    }

    public SourcePosition position() {
        return parts.get(0).position();
    }

    /** The dotted name. */
    public String text() {
        return parts.stream().map(RwIdent::value).collect(Collectors.joining("."));
    }
}
