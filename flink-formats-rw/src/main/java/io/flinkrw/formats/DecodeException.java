package io.flinkrw.formats;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * A payload that a decoder cannot turn into a row, with the byte offset where decoding stopped. The
 * deserialization schema adds the format name and the payload length to the message.
 */
public class DecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private static final String COLUMN_PREFIX = "column ";

    private final long offset;

    public DecodeException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    public DecodeException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** Where in the payload decoding stopped, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /**
     * {@code e} with the column it was decoding, a quoted dotted path; unchanged when a reader
     * deeper in that column named it already, or when the column is not known.
     */
    public static DecodeException inColumn(@Nullable String column, DecodeException e) {
        String reason = e.reason();
        if (column == null || (reason != null && reason.startsWith(COLUMN_PREFIX))) {
            return e;
        }
        return new DecodeException(
                COLUMN_PREFIX + column + ": " + reason, e.offset(), e.getCause());
    }

    /** The message without the offset, as the decoder gave it. */
    public String reason() {
        return super.getMessage();
    }
}
