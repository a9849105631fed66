package io.flinkrw.connector.kinesis.config;

import io.flinkrw.common.aws.AwsCredentialsConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to build the Kinesis client: region, endpoint, credentials, and RisingWave's {@code
 * kinesis.sdk.*} timeouts and retries. Serializable and safe to print.
 */
@Internal
public final class KinesisClientSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String region;
    @Nullable private final URI endpoint;
    private final AwsCredentialsConfig credentials;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration operationTimeout;
    private final Duration operationAttemptTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    KinesisClientSettings(
            String region,
            @Nullable URI endpoint,
            AwsCredentialsConfig credentials,
            Duration connectTimeout,
            Duration readTimeout,
            Duration operationTimeout,
            Duration operationAttemptTimeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.operationTimeout = operationTimeout;
        this.operationAttemptTimeout = operationAttemptTimeout;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public String region() {
        return region;
    }

    @Nullable
    public URI endpoint() {
        return endpoint;
    }

    public AwsCredentialsConfig credentials() {
        return credentials;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration operationTimeout() {
        return operationTimeout;
    }

    public Duration operationAttemptTimeout() {
        return operationAttemptTimeout;
    }

    /** Attempts per API call, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** These settings with another endpoint (tests reach one server at two addresses). */
    @VisibleForTesting
    public KinesisClientSettings withEndpoint(URI otherEndpoint) {
        return new KinesisClientSettings(
                region,
                otherEndpoint,
                credentials,
                connectTimeout,
                readTimeout,
                operationTimeout,
                operationAttemptTimeout,
                maxAttempts,
                initialBackoff,
                maxBackoff);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisClientSettings)) {
            return false;
        }
        KinesisClientSettings that = (KinesisClientSettings) o;
        return maxAttempts == that.maxAttempts
                && region.equals(that.region)
                && Objects.equals(endpoint, that.endpoint)
                && credentials.equals(that.credentials)
                && connectTimeout.equals(that.connectTimeout)
                && readTimeout.equals(that.readTimeout)
                && operationTimeout.equals(that.operationTimeout)
                && operationAttemptTimeout.equals(that.operationAttemptTimeout)
                && initialBackoff.equals(that.initialBackoff)
                && maxBackoff.equals(that.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, endpoint, credentials, maxAttempts);
    }

    @Override
    public String toString() {
        return "KinesisClientSettings{region="
                + region
                + (endpoint != null ? ", endpoint=" + endpoint : "")
                + ", credentials="
                + credentials
                + ", connectTimeout="
                + connectTimeout
                + ", readTimeout="
                + readTimeout
                + ", operationTimeout="
                + operationTimeout
                + ", operationAttemptTimeout="
                + operationAttemptTimeout
                + ", maxAttempts="
                + maxAttempts
                + ", initialBackoff="
                + initialBackoff
                + ", maxBackoff="
                + maxBackoff
                + '}';
    }
}
