package io.flinkrw.connector.nats.client;

import org.apache.flink.annotation.Internal;

import io.nats.client.PullRequestOptions;

import javax.annotation.Nullable;

import java.time.Duration;

/** A pull subscription bound to one consumer: asks for messages and hands over what arrives. */
@Internal
public interface PullConsumer {

    /** Asks the server for messages; they arrive asynchronously. */
    void pull(PullRequestOptions options);

    /**
     * The next delivery that has arrived, waiting up to {@code wait} (not at all when null); null
     * when none arrived.
     *
     * @throws ConsumerStatusException when the server reports a problem with the consumer
     */
    @Nullable
    Delivery next(@Nullable Duration wait) throws InterruptedException, ConsumerStatusException;

    /** Stops the subscription; the consumer stays on the server. */
    void unsubscribe();
}
