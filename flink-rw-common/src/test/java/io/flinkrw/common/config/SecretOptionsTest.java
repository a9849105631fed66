package io.flinkrw.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretOptionsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aws.credentials.secret_access_key",
                "aws.credentials.session_token",
                "kinesis.credentials.secret",
                "kinesis.credentials.session_token",
                "password",
                "jwt",
                "nkey",
                "rw-avro.schema.location.aws.credentials.secret_access_key",
                "rw-avro.secret_key",
                "rw-protobuf.s3.secret.key",
                "truststore.password"
            })
    void secretKeysAreSecret(String key) {
        assertThat(SecretOptions.isSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "aws.credentials.access_key_id",
                "aws.credentials.role.arn",
                "username",
                "server_url",
                "subject"
            })
    void otherKeysAreNot(String key) {
        assertThat(SecretOptions.isSecret(key)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void redactMasksOnlySecretValues() {
        assertThat(
                        SecretOptions.redact(
                                Map.of("username", "alice", "password", "s3cr3t", "nkey", "SU")))
                .containsEntry("username", "alice")
                .containsEntry("password", Secret.MASK)
                .containsEntry("nkey", Secret.MASK);
    }

    @org.junit.jupiter.api.Test
    void secretNeverPrintsItsValue() {
        Secret secret = Secret.of("hunter2");
        assertThat(secret.toString()).isEqualTo(Secret.MASK).doesNotContain("hunter2");
        assertThat(secret.reveal()).isEqualTo("hunter2");
        assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("other"));
    }

    @Test
    void flinkWouldPrintOurSecretKeysAndUrlsWithCredentials() {
        assertThat(SecretOptions.holdsSecretsFlinkPrints(Map.of("jwt", "eyJ"))).isTrue();
        assertThat(SecretOptions.holdsSecretsFlinkPrints(Map.of("nkey", "SU"))).isTrue();
        assertThat(
                        SecretOptions.holdsSecretsFlinkPrints(
                                Map.of("rw-avro.schema.location", "https://u:p@host/x.avsc")))
                .isTrue();
        assertThat(
                        SecretOptions.holdsSecretsFlinkPrints(
                                Map.of(
                                        "rw-protobuf.schema.location",
                                        "https://b.s3.amazonaws.com/x.pb?X-Amz-Signature=1")))
                .isTrue();
        assertThat(SecretOptions.holdsSecretsFlinkPrints(Map.of("server_url", "nats://u:p@h:4222")))
                .isTrue();
        // Flink masks these itself; plain URLs and empty values hold nothing.
        assertThat(SecretOptions.holdsSecretsFlinkPrints(Map.of("password", "pw"))).isFalse();
        assertThat(
                        SecretOptions.holdsSecretsFlinkPrints(
                                Map.of(
                                        "rw-avro.schema.location", "https://host/a@b/x.avsc",
                                        "server_url", "nats://h:4222",
                                        "jwt", "")))
                .isFalse();
    }
}
