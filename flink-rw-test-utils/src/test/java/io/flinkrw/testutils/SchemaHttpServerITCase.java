package io.flinkrw.testutils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proves {@link SchemaHttpServer}: files of its root and in memory, 404, 500 and a stall. */
class SchemaHttpServerITCase {

    @RegisterExtension static final SchemaHttpServer HTTP = SchemaHttpServer.create();

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url, Duration timeout) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheFilesOfItsRootAndThosePutInMemory() throws Exception {
        Files.createDirectories(HTTP.root().resolve("shop"));
        Files.writeString(HTTP.root().resolve("shop/a.avsc"), "{\"type\":\"string\"}");
        HTTP.put("b.proto", "syntax = \"proto3\";".getBytes(StandardCharsets.UTF_8));
        int before = HTTP.requests();

        HttpResponse<String> file = get(HTTP.url("shop/a.avsc"), Duration.ofSeconds(5));
        HttpResponse<String> inMemory = get(HTTP.url("b.proto"), Duration.ofSeconds(5));
        HttpResponse<String> missing = get(HTTP.url("missing.avsc"), Duration.ofSeconds(5));
        HttpResponse<String> outside = get(HTTP.url("../../etc/passwd"), Duration.ofSeconds(5));

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("{\"type\":\"string\"}");
        assertThat(inMemory.body()).isEqualTo("syntax = \"proto3\";");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(HTTP.requests() - before).isEqualTo(4);
        assertThat(HTTP.url("x")).isEqualTo(HTTP.filesUrl() + "/x").startsWith(HTTP.base());
    }

    @Test
    void brokenAnswers500AndStalledNeverAnswers() throws Exception {
        assertThat(get(HTTP.base() + "/broken/x.avsc", Duration.ofSeconds(5)).statusCode())
                .isEqualTo(500);
        assertThatThrownBy(() -> get(HTTP.base() + "/stalled/x.avsc", Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
    }
}
