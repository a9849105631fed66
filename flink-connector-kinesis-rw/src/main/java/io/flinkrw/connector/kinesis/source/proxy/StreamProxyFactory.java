package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.connector.kinesis.config.KinesisClientSettings;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/**
 * Creates the {@link StreamProxy} of an enumerator or a reader. It travels with the source to the
 * task managers; tests replace it to wrap or fake the client.
 */
@Internal
@FunctionalInterface
public interface StreamProxyFactory extends Serializable {

    StreamProxy create(KinesisClientSettings settings);

    /** The real one: an SDK Kinesis client over the Apache HTTP client. */
    static StreamProxyFactory kinesis() {
        return KinesisStreamProxy::create;
    }
}
