package io.flinkrw.formats.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A declared column (or a field inside one) that the schema cannot fill, found while planning a
 * decoder. The format turns it into {@link ColumnList#mismatch} with the implied column list.
 */
public final class ColumnMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String columnPath;
    private final String problem;

    public ColumnMismatchException(List<String> path, String problem) {
        super(quote(path) + ": " + problem);
        this.columnPath = quote(path);
        this.problem = problem;
    }

    /** The column as a quoted dotted path, e.g. {@code `addr`.`zip`}. */
    public String columnPath() {
        return columnPath;
    }

    public String problem() {
        return problem;
    }

    /** A column's path as quoted names joined by dots, e.g. {@code `addr`.`zip`}. */
    public static String quote(List<String> path) {
        return path.stream()
                .map(name -> "`" + name.replace("`", "``") + "`")
                .collect(Collectors.joining("."));
    }
}
