package io.flinkrw.common.source;

import java.io.IOException;

/**
 * A record that the format could not decode, with where it came from: the split and the position of
 * the record in it (a Kinesis sequence number, a NATS stream sequence). The format's own message,
 * which names the format and the byte offset, follows.
 */
public final class RecordDecodingException extends IOException {

    private static final long serialVersionUID = 1L;

    public RecordDecodingException(String splitId, String position, Throwable cause) {
        super(
                String.format(
                        "Could not decode the record at position %s of split '%s': %s",
                        position, splitId, cause.getMessage()),
                cause);
    }
}
