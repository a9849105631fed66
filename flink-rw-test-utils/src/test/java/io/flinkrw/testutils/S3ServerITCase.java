package io.flinkrw.testutils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proves {@link S3Server}: a signed put and get through the AWS SDK, and a wrong key refused. */
class S3ServerITCase {

    @RegisterExtension static final S3Server S3 = S3Server.withBuckets("schemas");

    private static S3Client client(String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(S3.endpoint())
                .forcePathStyle(true)
                .region(Region.of(S3.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @Test
    void putsAndGetsAnObjectInAPreconfiguredBucket() {
        try (S3Client s3 = client(S3.accessKeyId(), S3.secretAccessKey())) {
            s3.putObject(
                    b -> b.bucket("schemas").key("dir/a.avsc"),
                    RequestBody.fromString("{\"type\":\"string\"}"));
            assertThat(
                            s3.getObjectAsBytes(b -> b.bucket("schemas").key("dir/a.avsc"))
                                    .asString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"type\":\"string\"}");
        }
    }

    @Test
    void refusesAnUnknownKey() {
        try (S3Client s3 = client("AKIAWRONG", "wrong")) {
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("schemas").key("x")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }
}
