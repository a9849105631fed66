package io.flinkrw.formats.schema;

import org.apache.flink.table.api.ValidationException;

/**
 * A schema that cannot be had from its location: missing, too slow, unreachable, unreadable, or not
 * a schema. The message names the format and the location (never credentials).
 */
public class SchemaLocationException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** Why the schema could not be had. */
    public enum Kind {
        NOT_FOUND,
        TIMEOUT,
        UNREACHABLE,
        UNREADABLE,
        INVALID_SCHEMA
    }

    private final Kind kind;

    public SchemaLocationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SchemaLocationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
