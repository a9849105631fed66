package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

/** An error the JetStream API answered with, with its codes. */
@Internal
public final class JetStreamException extends Exception {

    private static final long serialVersionUID = 1L;

    /** JetStream's codes for a missing consumer and a missing stream. */
    public static final int CONSUMER_NOT_FOUND = 10014;

    public static final int STREAM_NOT_FOUND = 10059;

    private final int apiErrorCode;
    private final int httpCode;

    public JetStreamException(String message, int apiErrorCode, int httpCode, Throwable cause) {
        super(message, cause);
        this.apiErrorCode = apiErrorCode;
        this.httpCode = httpCode;
    }

    public JetStreamException(String message, int apiErrorCode, int httpCode) {
        super(message);
        this.apiErrorCode = apiErrorCode;
        this.httpCode = httpCode;
    }

    /** JetStream's own error code (e.g. 10014: consumer not found). */
    public int apiErrorCode() {
        return apiErrorCode;
    }

    /** The HTTP-like status code (e.g. 404, 503). */
    public int httpCode() {
        return httpCode;
    }
}
