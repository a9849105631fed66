package io.flinkrw.formats.schema;

import io.flinkrw.common.aws.CloseableCredentialsProvider;
import io.flinkrw.formats.schema.SchemaLocationException.Kind;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Fetches schema files: {@code file://} from the local file system, {@code http(s)://} with the
 * JDK's HTTP client, {@code s3://} with the AWS SDK (path-style access when an endpoint is given).
 * Every failure is a {@link SchemaLocationException} that names the format and the location and
 * says whether the file is missing, too slow, unreachable or unreadable.
 *
 * <p>Used on the planner side only; one instance may fetch several files (a {@code .proto} and its
 * imports) and holds its clients until {@link #close()}.
 */
public final class SchemaFetcher implements AutoCloseable {

    /** No schema file is larger than this. */
    public static final int MAX_SCHEMA_BYTES = 64 << 20;

    private final SchemaFetchConfig config;
    private HttpClient httpClient;
    private SdkHttpClient s3HttpClient;
    private AutoCloseable s3Credentials;
    private S3Client s3Client;

    public SchemaFetcher(SchemaFetchConfig config) {
        this.config = config;
    }

    /** Fetches the configured location. */
    public byte[] fetch() {
        return fetch(config.location());
    }

    /** Fetches {@code location} with this fetcher's settings. */
    public byte[] fetch(SchemaLocation location) {
        switch (location.scheme()) {
            case "file":
                return fetchFile(location);
            case "http":
            case "https":
                return fetchHttp(location);
            case "s3":
                return fetchS3(location);
            default:
                throw new IllegalArgumentException("Unsupported scheme: " + location);
        }
    }

    private byte[] fetchFile(SchemaLocation location) {
        Path path;
        try {
            path = Paths.get(location.uri());
        } catch (IllegalArgumentException e) {
            throw failure(Kind.UNREADABLE, location, "not a local file URL: " + e.getMessage(), e);
        }
        try {
            if (Files.size(path) > MAX_SCHEMA_BYTES) {
                throw failure(Kind.UNREADABLE, location, "larger than 64 MiB", null);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw failure(Kind.NOT_FOUND, location, "no such file", e);
        } catch (AccessDeniedException e) {
            throw failure(Kind.UNREADABLE, location, "permission denied", e);
        } catch (IOException e) {
            throw failure(Kind.UNREADABLE, location, e.toString(), e);
        }
    }

    private byte[] fetchHttp(SchemaLocation location) {
        if (httpClient == null) {
            httpClient =
                    HttpClient.newBuilder()
                            .connectTimeout(config.timeout())
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
        }
        HttpRequest request =
                HttpRequest.newBuilder(location.uri()).timeout(config.timeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw failure(
                    Kind.TIMEOUT,
                    location,
                    "no answer within " + config.timeout().toMillis() + " ms",
                    e);
        } catch (ConnectException e) {
            throw failure(Kind.UNREACHABLE, location, "connection refused or unreachable", e);
        } catch (IOException e) {
            throw failure(Kind.UNREACHABLE, location, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Kind.UNREACHABLE, location, "interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 404 || status == 410) {
                throw failure(Kind.NOT_FOUND, location, "HTTP status " + status, null);
            }
            if (status < 200 || status >= 300) {
                throw failure(Kind.UNREADABLE, location, "HTTP status " + status, null);
            }
            byte[] bytes = body.readNBytes(MAX_SCHEMA_BYTES + 1);
            if (bytes.length > MAX_SCHEMA_BYTES) {
                throw failure(Kind.UNREADABLE, location, "larger than 64 MiB", null);
            }
            return bytes;
        } catch (HttpTimeoutException e) {
            throw failure(
                    Kind.TIMEOUT,
                    location,
                    "no answer within " + config.timeout().toMillis() + " ms",
                    e);
        } catch (IOException e) {
            throw failure(Kind.UNREADABLE, location, e.toString(), e);
        }
    }

    private byte[] fetchS3(SchemaLocation location) {
        S3Client client = s3Client();
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    client.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()));
            if (bytes.asByteBuffer().remaining() > MAX_SCHEMA_BYTES) {
                throw failure(Kind.UNREADABLE, location, "larger than 64 MiB", null);
            }
            return bytes.asByteArrayUnsafe();
        } catch (NoSuchKeyException e) {
            throw failure(Kind.NOT_FOUND, location, "S3 NoSuchKey", e);
        } catch (NoSuchBucketException e) {
            throw failure(Kind.NOT_FOUND, location, "S3 NoSuchBucket", e);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "unknown";
            Kind kind = e.statusCode() == 404 ? Kind.NOT_FOUND : Kind.UNREADABLE;
            throw failure(kind, location, "S3 " + code + " (HTTP " + e.statusCode() + ")", e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw failure(
                    Kind.TIMEOUT,
                    location,
                    "no answer within " + config.timeout().toMillis() + " ms",
                    e);
        } catch (SdkException e) {
            throw failure(Kind.UNREACHABLE, location, e.getMessage(), e);
        }
    }

    private S3Client s3Client() {
        if (s3Client != null) {
            return s3Client;
        }
        Region region = region();
        s3HttpClient =
                ApacheHttpClient.builder()
                        .connectionTimeout(config.timeout())
                        .socketTimeout(config.timeout())
                        .build();
        AwsCredentialsProvider credentials;
        if (config.profile() != null) {
            ProfileCredentialsProvider profile =
                    ProfileCredentialsProvider.builder().profileName(config.profile()).build();
            credentials = profile;
            s3Credentials = profile;
        } else {
            CloseableCredentialsProvider provider =
                    config.credentials().createProvider(region, s3HttpClient);
            credentials = provider;
            s3Credentials = provider;
        }
        S3ClientBuilder builder =
                S3Client.builder()
                        .region(region)
                        .httpClient(s3HttpClient)
                        .credentialsProvider(credentials)
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .apiCallTimeout(config.timeout())
                                        .build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint()).forcePathStyle(true);
        }
        s3Client = builder.build();
        return s3Client;
    }

    private Region region() {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder()
                    .profileName(config.profile())
                    .build()
                    .getRegion();
        } catch (SdkClientException e) {
            throw new SchemaLocationException(
                    Kind.UNREADABLE,
                    String.format(
                            "%s: cannot read the schema at %s: no AWS region. Set '%s.%s' (or"
                                    + " AWS_REGION).",
                            config.formatName(),
                            config.location(),
                            config.formatName(),
                            SchemaLocationOptions.AWS_REGION.key()),
                    e);
        }
    }

    private SchemaLocationException failure(
            Kind kind, SchemaLocation location, String detail, Throwable cause) {
        String what;
        switch (kind) {
            case NOT_FOUND:
                what = "schema not found at";
                break;
            case TIMEOUT:
                what = "timed out fetching the schema at";
                break;
            case UNREACHABLE:
                what = "cannot reach the schema at";
                break;
            default:
                what = "cannot read the schema at";
        }
        return new SchemaLocationException(
                kind,
                String.format("%s: %s %s (%s)", config.formatName(), what, location, detail),
                cause);
    }

    @Override
    public void close() {
        closeQuietly(s3Client);
        closeQuietly(s3Credentials);
        closeQuietly(s3HttpClient);
        s3Client = null;
        s3Credentials = null;
        s3HttpClient = null;
        httpClient = null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Nothing is left to release.
        }
    }
}
