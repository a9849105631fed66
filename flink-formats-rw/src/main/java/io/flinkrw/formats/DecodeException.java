package io.flinkrw.formats;

import java.io.IOException;

/**
 * A payload that a decoder cannot turn into a row, with the byte offset where decoding stopped. The
 * deserialization schema adds the format name and the payload length to the message.
 */
public class DecodeException extends IOException {

    private static final long serialVersionUID = 1L;

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

    /** The message without the offset, as the decoder gave it. */
    public String reason() {
        return super.getMessage();
    }
}
