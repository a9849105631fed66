package io.flinkrw.common.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An {@link AwsCredentialsProvider} that owns what it needs (an STS client, a refresh thread) and
 * releases it on {@link #close()}.
 */
public final class CloseableCredentialsProvider implements AwsCredentialsProvider, AutoCloseable {

    private final AwsCredentialsProvider delegate;
    private final AutoCloseable[] resources;

    CloseableCredentialsProvider(AwsCredentialsProvider delegate, AutoCloseable... resources) {
        this.delegate = delegate;
        this.resources = resources;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not release AWS credentials", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "CloseableCredentialsProvider(" + delegate.getClass().getSimpleName() + ")";
    }
}
