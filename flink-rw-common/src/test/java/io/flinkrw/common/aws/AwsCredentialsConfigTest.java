package io.flinkrw.common.aws;

import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsCredentialsConfigTest {

    @Test
    void staticKeysResolveWithoutNetwork() throws Exception {
        AwsCredentialsConfig config =
                AwsCredentialsConfig.builder().staticKeys("AKID", "secret-key").build();
        try (SdkHttpClient http = ApacheHttpClient.create();
                CloseableCredentialsProvider provider =
                        config.createProvider(Region.US_EAST_1, http)) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("AKID");
            assertThat(credentials.secretAccessKey()).isEqualTo("secret-key");
        }
    }

    @Test
    void sessionTokenMakesSessionCredentials() throws Exception {
        AwsCredentialsConfig config =
                AwsCredentialsConfig.builder()
                        .staticKeys("AKID", "secret-key")
                        .sessionToken("session-token")
                        .build();
        try (SdkHttpClient http = ApacheHttpClient.create();
                CloseableCredentialsProvider provider =
                        config.createProvider(Region.US_EAST_1, http)) {
            assertThat(provider.resolveCredentials())
                    .isInstanceOfSatisfying(
                            AwsSessionCredentials.class,
                            c -> assertThat(c.sessionToken()).isEqualTo("session-token"));
        }
    }

    @Test
    void toStringAndSerializedFormHideSecrets() throws Exception {
        AwsCredentialsConfig config =
                AwsCredentialsConfig.builder()
                        .staticKeys("AKID", "secret-key")
                        .sessionToken("session-token")
                        .roleArn("arn:aws:iam::123456789012:role/reader")
                        .externalId("ext-1")
                        .build();
        assertThat(config.toString())
                .contains("AKID", "arn:aws:iam::123456789012:role/reader", "ext-1")
                .doesNotContain("secret-key", "session-token");
        AwsCredentialsConfig copy = InstantiationUtil.clone(config, getClass().getClassLoader());
        assertThat(copy).isEqualTo(config);
    }

    @Test
    void inconsistentSettingsAreRejected() {
        assertThatThrownBy(() -> AwsCredentialsConfig.builder().sessionToken("t").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session token needs static keys");
        assertThatThrownBy(() -> AwsCredentialsConfig.builder().externalId("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("external id needs a role ARN");
    }
}
