package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

/**
 * The server reported a problem with a pull subscription's consumer (it was deleted, a request
 * failed), or the subscription is no longer usable.
 */
@Internal
public final class ConsumerStatusException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConsumerStatusException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConsumerStatusException(String message) {
        super(message);
    }
}
