package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.connector.kinesis.config.KinesisClientSettings;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/**
 * Creates the {@link FanOutStreamProxy} of an enhanced fan-out reader. It travels with the source
 * to the task managers; tests replace it.
 */
@Internal
@FunctionalInterface
public interface FanOutStreamProxyFactory extends Serializable {

    FanOutStreamProxy create(KinesisClientSettings settings);

    /** The real one: the SDK's async Kinesis client over Netty, HTTP/2. */
    static FanOutStreamProxyFactory kinesis() {
        return KinesisFanOutProxy::create;
    }
}
