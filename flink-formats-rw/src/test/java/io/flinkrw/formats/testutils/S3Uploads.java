package io.flinkrw.formats.testutils;

import io.flinkrw.testutils.S3Server;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.util.HashMap;
import java.util.Map;

/** Puts schema files into an {@link S3Server} and gives the format options that read them. */
public final class S3Uploads {

    private S3Uploads() {}

    /** Puts {@code files} (key → bytes) into {@code bucket}. */
    public static void put(S3Server s3, String bucket, Map<String, byte[]> files) {
        try (S3Client client =
                S3Client.builder()
                        .endpointOverride(s3.endpoint())
                        .forcePathStyle(true)
                        .region(Region.of(s3.region()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                s3.accessKeyId(), s3.secretAccessKey())))
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .serviceConfiguration(
                                S3Configuration.builder().chunkedEncodingEnabled(false).build())
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build()) {
            files.forEach(
                    (key, bytes) ->
                            client.putObject(
                                    b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
        }
    }

    /** The format options (without prefix) that read {@code location} from {@code s3}. */
    public static Map<String, String> options(S3Server s3, String location) {
        Map<String, String> options = new HashMap<>();
        options.put("schema.location", location);
        options.put("aws.region", s3.region());
        options.put("aws.endpoint_url", s3.endpoint().toString());
        options.put("aws.credentials.access_key_id", s3.accessKeyId());
        options.put("aws.credentials.secret_access_key", s3.secretAccessKey());
        return options;
    }
}
