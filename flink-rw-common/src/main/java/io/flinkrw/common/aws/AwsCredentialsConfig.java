package io.flinkrw.common.aws;

import io.flinkrw.common.config.Secret;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * How a client authenticates to AWS, as RisingWave's {@code aws.credentials.*} options say: static
 * keys (with an optional session token) when given, else the SDK's default chain; either wrapped in
 * STS AssumeRole when a role ARN is given. Serializable and safe to print (secrets are masked).
 */
public final class AwsCredentialsConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The session name of assumed roles when none is configured. */
    public static final String DEFAULT_ROLE_SESSION_NAME = "flink-rw";

    private final String accessKeyId;
    private final Secret secretAccessKey;
    private final Secret sessionToken;
    private final String roleArn;
    private final String externalId;
    private final String roleSessionName;
    private final URI stsEndpoint;

    private AwsCredentialsConfig(Builder b) {
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.sessionToken = b.sessionToken;
        this.roleArn = b.roleArn;
        this.externalId = b.externalId;
        this.roleSessionName = b.roleSessionName;
        this.stsEndpoint = b.stsEndpoint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The SDK's default chain, no role. */
    public static AwsCredentialsConfig defaultChain() {
        return builder().build();
    }

    public boolean hasStaticKeys() {
        return accessKeyId != null;
    }

    public boolean assumesRole() {
        return roleArn != null;
    }

    /**
     * A provider for these credentials. With a role, AssumeRole calls go to STS in {@code region}
     * (or the configured STS endpoint) over {@code httpClient}, which the caller owns. The caller
     * closes the returned provider.
     */
    public CloseableCredentialsProvider createProvider(Region region, SdkHttpClient httpClient) {
        AwsCredentialsProvider base;
        AutoCloseable baseResource = null;
        if (hasStaticKeys()) {
            base =
                    StaticCredentialsProvider.create(
                            sessionToken == null
                                    ? AwsBasicCredentials.create(
                                            accessKeyId, secretAccessKey.reveal())
                                    : AwsSessionCredentials.create(
                                            accessKeyId,
                                            secretAccessKey.reveal(),
                                            sessionToken.reveal()));
        } else {
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            base = chain;
            baseResource = chain;
        }
        if (!assumesRole()) {
            return new CloseableCredentialsProvider(base, baseResource);
        }
        StsClientBuilder sts =
                StsClient.builder().region(region).credentialsProvider(base).httpClient(httpClient);
        if (stsEndpoint != null) {
            sts.endpointOverride(stsEndpoint);
        }
        StsClient stsClient = sts.build();
        StsAssumeRoleCredentialsProvider assumeRole =
                StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(stsClient)
                        .refreshRequest(
                                r ->
                                        r.roleArn(roleArn)
                                                .externalId(externalId)
                                                .roleSessionName(roleSessionName))
                        .build();
        return new CloseableCredentialsProvider(assumeRole, assumeRole, stsClient, baseResource);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AwsCredentialsConfig)) {
            return false;
        }
        AwsCredentialsConfig that = (AwsCredentialsConfig) o;
        return Objects.equals(accessKeyId, that.accessKeyId)
                && Objects.equals(secretAccessKey, that.secretAccessKey)
                && Objects.equals(sessionToken, that.sessionToken)
                && Objects.equals(roleArn, that.roleArn)
                && Objects.equals(externalId, that.externalId)
                && Objects.equals(roleSessionName, that.roleSessionName)
                && Objects.equals(stsEndpoint, that.stsEndpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKeyId, roleArn, externalId, roleSessionName, stsEndpoint);
    }

    @Override
    public String toString() {
        return "AwsCredentialsConfig{"
                + (hasStaticKeys()
                        ? "accessKeyId="
                                + accessKeyId
                                + ", secretAccessKey="
                                + secretAccessKey
                                + (sessionToken != null ? ", sessionToken=" + sessionToken : "")
                        : "defaultChain")
                + (assumesRole()
                        ? ", roleArn="
                                + roleArn
                                + (externalId != null ? ", externalId=" + externalId : "")
                                + ", roleSessionName="
                                + roleSessionName
                        : "")
                + (stsEndpoint != null ? ", stsEndpoint=" + stsEndpoint : "")
                + '}';
    }

    /** Builds an {@link AwsCredentialsConfig}. */
    public static final class Builder {
        private String accessKeyId;
        private Secret secretAccessKey;
        private Secret sessionToken;
        private String roleArn;
        private String externalId;
        private String roleSessionName = DEFAULT_ROLE_SESSION_NAME;
        private URI stsEndpoint;

        private Builder() {}

        /** Static keys; both or neither. */
        public Builder staticKeys(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretAccessKey = Secret.of(secretAccessKey);
            return this;
        }

        /** The session token of temporary static keys. */
        public Builder sessionToken(String sessionToken) {
            this.sessionToken = Secret.ofNullable(sessionToken);
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = Objects.requireNonNull(roleSessionName, "roleSessionName");
            return this;
        }

        /** Where AssumeRole calls go instead of the region's STS endpoint. */
        public Builder stsEndpoint(URI stsEndpoint) {
            this.stsEndpoint = stsEndpoint;
            return this;
        }

        public AwsCredentialsConfig build() {
            if (sessionToken != null && accessKeyId == null) {
                throw new IllegalArgumentException(
                        "A session token needs static keys (access key id and secret access key)");
            }
            if (externalId != null && roleArn == null) {
                throw new IllegalArgumentException("An external id needs a role ARN");
            }
            return new AwsCredentialsConfig(this);
        }
    }
}
