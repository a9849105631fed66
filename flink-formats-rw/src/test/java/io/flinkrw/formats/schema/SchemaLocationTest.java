package io.flinkrw.formats.schema;

import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schema locations: parsing and redaction, fetching over {@code file://} and {@code http://}, and a
 * clear error for each way a fetch fails (not found, timeout, unreachable, unreadable).
 */
class SchemaLocationTest {

    @TempDir static Path dir;
    private static SchemaHttpServer http;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("a.avsc"), "{\"type\":\"string\"}");
        http = SchemaHttpServer.serving(dir);
        http.startUp();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    static SchemaFetchConfig config(Map<String, String> options) {
        return SchemaFetchConfig.from("rw-avro", Configuration.fromMap(options));
    }

    static byte[] fetch(String location, String timeout) {
        try (SchemaFetcher fetcher =
                new SchemaFetcher(
                        config(
                                Map.of(
                                        "schema.location",
                                        location,
                                        "schema.location.timeout",
                                        timeout)))) {
            return fetcher.fetch();
        }
    }

    @Test
    void parsesTheFourSchemesAndOnlyThem() {
        assertThat(SchemaLocation.parse("k", "s3://bucket/dir/x.pb").key()).isEqualTo("dir/x.pb");
        assertThat(SchemaLocation.parse("k", "s3://bucket/dir/x.pb").bucket()).isEqualTo("bucket");
        assertThat(SchemaLocation.parse("k", "https://h/x.pb, http://other/y.pb").toString())
                .isEqualTo("https://h/x.pb");
        assertThat(SchemaLocation.parse("k", "file:///tmp/x.avsc").scheme()).isEqualTo("file");
        assertThatThrownBy(() -> SchemaLocation.parse("rw-avro.schema.location", "/tmp/x.avsc"))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Invalid value '/tmp/x.avsc' for option 'rw-avro.schema.location': the"
                                + " scheme must be file://, http://, https:// or s3://.");
        assertThatThrownBy(() -> SchemaLocation.parse("k", "s3://bucket"))
                .hasMessageContaining("s3://bucket/key");
    }

    @Test
    void messagesHideUserInfoAndQueryStrings() {
        SchemaLocation presigned =
                SchemaLocation.parse(
                        "k", "https://user:pa55@host/s.pb?X-Amz-Signature=abc&X-Amz-Credential=k");
        assertThat(presigned.toString()).isEqualTo("https://<redacted>@host/s.pb?<redacted>");
        assertThatThrownBy(() -> SchemaLocation.parse("k", "ftp://user:pa55@host/x"))
                .hasMessageNotContaining("pa55");
    }

    @Test
    void importDirectoriesGoUpFromTheFile() {
        assertThat(SchemaLocation.parse("k", "http://h/a/b/main.proto").directories(5))
                .extracting(SchemaLocation::toString)
                .containsExactly("http://h/a/b/", "http://h/a/", "http://h/");
        assertThat(
                        SchemaLocation.parse("k", "s3://bucket/a/main.proto")
                                .directories(5)
                                .get(1)
                                .resolve("shop/c.proto")
                                .toString())
                .isEqualTo("s3://bucket/shop/c.proto");
    }

    @Test
    void fetchesFilesAndHttp() {
        assertThat(
                        new String(
                                fetch(dir.resolve("a.avsc").toUri().toString(), "5 s"),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"string\"}");
        assertThat(new String(fetch(http.url("a.avsc"), "5 s"), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"string\"}");
    }

    @Test
    void notFound() {
        String file = dir.resolve("missing.avsc").toUri().toString();
        assertThatThrownBy(() -> fetch(file, "5 s"))
                .isInstanceOf(SchemaLocationException.class)
                .hasMessage("rw-avro: schema not found at " + file + " (no such file)")
                .extracting(e -> ((SchemaLocationException) e).kind())
                .isEqualTo(SchemaLocationException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> fetch(http.url("missing.avsc"), "5 s"))
                .hasMessage(
                        "rw-avro: schema not found at "
                                + http.url("missing.avsc")
                                + " (HTTP status 404)");
    }

    @Test
    void serverErrorIsUnreadable() {
        assertThatThrownBy(() -> fetch(http.base() + "/broken/x.avsc", "5 s"))
                .hasMessageContaining("cannot read the schema at")
                .hasMessageContaining("HTTP status 500")
                .extracting(e -> ((SchemaLocationException) e).kind())
                .isEqualTo(SchemaLocationException.Kind.UNREADABLE);
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        assertThatThrownBy(() -> fetch(http.base() + "/stalled/x.avsc", "300 ms"))
                .hasMessage(
                        "rw-avro: timed out fetching the schema at "
                                + http.base()
                                + "/stalled/x.avsc (no answer within 300 ms)")
                .extracting(e -> ((SchemaLocationException) e).kind())
                .isEqualTo(SchemaLocationException.Kind.TIMEOUT);
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String location = "http://127.0.0.1:" + port + "/x.avsc";
        assertThatThrownBy(() -> fetch(location, "5 s"))
                .hasMessageStartingWith("rw-avro: cannot reach the schema at " + location)
                .extracting(e -> ((SchemaLocationException) e).kind())
                .isEqualTo(SchemaLocationException.Kind.UNREACHABLE);
    }

    @Test
    void s3OptionsAreValidatedTogether() {
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "schema.location", "s3://b/k",
                                                "aws.credentials.session_token", "tok")))
                .hasMessageContaining(
                        "'rw-avro.aws.credentials.session_token' needs the static keys");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "schema.location", "s3://b/k",
                                                "external_id", "x")))
                .hasMessageContaining(
                        "'rw-avro.aws.credentials.role.external_id' needs option"
                                + " 'rw-avro.aws.credentials.role.arn'");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "schema.location", "s3://b/k",
                                                "profile", "dev",
                                                "arn", "arn:aws:iam::1:role/r")))
                .hasMessageContaining("'rw-avro.aws.profile' cannot be combined");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "schema.location", "s3://b/k",
                                                "aws.endpoint_url", "localhost:9000")))
                .hasMessageContaining(
                        "'rw-avro.aws.endpoint_url': an endpoint is http(s)://host[:port]");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(
                                                "schema.location", "s3://b/k",
                                                "schema.location.timeout", "0 s")))
                .hasMessageContaining("the timeout must be positive");
        SchemaFetchConfig config =
                config(
                        Map.of(
                                "schema.location", "s3://b/k",
                                "s3.access.key", "AKIA",
                                "s3.secret.key", "very-secret",
                                "s3.region", "eu-west-1",
                                "endpoint_url", "http://127.0.0.1:9000"));
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpoint().toString()).isEqualTo("http://127.0.0.1:9000");
        assertThat(config.credentials().hasStaticKeys()).isTrue();
        assertThat(config.toString()).doesNotContain("very-secret").contains("AKIA");
    }
}
