package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STS AssumeRole with an external id, over static keys or the default chain: a small HTTP server
 * plays STS and hands out temporary credentials, and a forwarding proxy in front of kinesalite
 * checks that every Kinesis call is signed with them. Also static keys with a session token.
 */
class KinesisAssumeRoleITCase {

    private static final String BASE_ACCESS_KEY = "AKIABASEACCESSKEY000";
    private static final String BASE_SECRET = "base-secret-key";
    private static final String DEFAULT_CHAIN_ACCESS_KEY = "AKIADEFAULTCHAINKEY0";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/stream-reader";
    private static final String EXTERNAL_ID = "tenant-42";
    private static final String TEMPORARY_ACCESS_KEY = "ASIATEMPORARYKEY0000";
    private static final String TEMPORARY_SECRET = "temporary-secret-key";
    private static final String TEMPORARY_TOKEN = "temporary-session-token-value";

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private final List<Map<String, String>> stsCalls = new CopyOnWriteArrayList<>();
    private final List<String> kinesisAuthorizations = new CopyOnWriteArrayList<>();
    private final List<String> kinesisTokens = new CopyOnWriteArrayList<>();
    private final HttpClient forwarder = HttpClient.newHttpClient();
    private HttpServer sts;
    private HttpServer kinesisProxy;

    @BeforeEach
    void startServers() throws IOException {
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", this::assumeRole);
        sts.start();
        kinesisProxy =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kinesisProxy.createContext("/", this::forwardToKinesis);
        kinesisProxy.start();
    }

    @AfterEach
    void stopServers() {
        sts.stop(0);
        kinesisProxy.stop(0);
    }

    private void assumeRole(HttpExchange exchange) throws IOException {
        Map<String, String> call = new HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            call.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        call.put("Authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        stsCalls.add(call);
        String xml =
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleResult><Credentials>"
                        + "<AccessKeyId>"
                        + TEMPORARY_ACCESS_KEY
                        + "</AccessKeyId>"
                        + "<SecretAccessKey>"
                        + TEMPORARY_SECRET
                        + "</SecretAccessKey>"
                        + "<SessionToken>"
                        + TEMPORARY_TOKEN
                        + "</SessionToken>"
                        + "<Expiration>2099-01-01T00:00:00Z</Expiration>"
                        + "</Credentials><AssumedRoleUser>"
                        + "<Arn>arn:aws:sts::123456789012:assumed-role/stream-reader/flink-rw</Arn>"
                        + "<AssumedRoleId>AROATEST:flink-rw</AssumedRoleId>"
                        + "</AssumedRoleUser></AssumeRoleResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                        + "</AssumeRoleResponse>";
        respond(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private void forwardToKinesis(HttpExchange exchange) throws IOException {
        kinesisAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        kinesisTokens.add(token == null ? "" : token);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(KINESIS.endpoint().resolve(exchange.getRequestURI()))
                        .method(
                                exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(
                                        exchange.getRequestBody().readAllBytes()));
        Set<String> restricted =
                Set.of("host", "connection", "content-length", "expect", "upgrade");
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) -> {
                            if (!restricted.contains(name.toLowerCase(Locale.ROOT))) {
                                values.forEach(v -> request.header(name, v));
                            }
                        });
        try {
            HttpResponse<byte[]> response =
                    forwarder.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(
                    exchange,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static URI address(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void assumesTheRoleOnTopOfStaticKeysAndSignsKinesisCallsWithItsCredentials() throws Exception {
        Map<String, String> options = roleOptions(createStreamWithTwoRecords());
        options.put("aws.credentials.access_key_id", BASE_ACCESS_KEY);
        options.put("aws.credentials.secret_access_key", BASE_SECRET);

        assertThat(read(options)).containsExactly("one", "two");
        assertAssumedRoleSignedWith(BASE_ACCESS_KEY);
    }

    @Test
    void assumesTheRoleOnTopOfTheDefaultCredentialChain() throws Exception {
        Map<String, String> options = roleOptions(createStreamWithTwoRecords());
        // The SDK's default chain starts with these system properties.
        System.setProperty("aws.accessKeyId", DEFAULT_CHAIN_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", BASE_SECRET);
        try {
            assertThat(read(options)).containsExactly("one", "two");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        assertAssumedRoleSignedWith(DEFAULT_CHAIN_ACCESS_KEY);
    }

    @Test
    void staticKeysWithASessionTokenSignKinesisCallsWithoutSts() throws Exception {
        Map<String, String> options = roleOptions(createStreamWithTwoRecords());
        options.remove("aws.credentials.role.arn");
        options.remove("aws.credentials.role.external_id");
        options.remove("kinesis.sts.endpoint");
        options.put("aws.credentials.access_key_id", BASE_ACCESS_KEY);
        options.put("aws.credentials.secret_access_key", BASE_SECRET);
        options.put("aws.credentials.session_token", "static-session-token");

        assertThat(read(options)).containsExactly("one", "two");
        assertThat(stsCalls).isEmpty();
        assertThat(kinesisAuthorizations)
                .isNotEmpty()
                .allSatisfy(
                        auth -> assertThat(auth).contains("Credential=" + BASE_ACCESS_KEY + "/"));
        assertThat(kinesisTokens).containsOnly("static-session-token");
    }

    private static String createStreamWithTwoRecords() {
        String stream = "role-" + UUID.randomUUID();
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            streams.create(stream, 1);
            streams.put(stream, "k", "one");
            streams.put(stream, "k", "two");
        }
        return stream;
    }

    private Map<String, String> roleOptions(String stream) {
        Map<String, String> options = new HashMap<>();
        options.put("stream", stream);
        options.put("aws.region", KINESIS.region());
        options.put("endpoint", address(kinesisProxy).toString());
        options.put("aws.credentials.role.arn", ROLE_ARN);
        options.put("aws.credentials.role.external_id", EXTERNAL_ID);
        options.put("kinesis.sts.endpoint", address(sts).toString());
        return options;
    }

    private static List<String> read(Map<String, String> options) throws Exception {
        KinesisSource<String> source =
                KinesisSource.<String>builder()
                        .setProperties(options)
                        .setBoundedToLatest()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureNoRestartStrategy(env);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                .executeAndCollect(10);
    }

    private void assertAssumedRoleSignedWith(String baseAccessKey) {
        assertThat(stsCalls).isNotEmpty();
        assertThat(stsCalls)
                .allSatisfy(
                        call -> {
                            assertThat(call)
                                    .containsEntry("Action", "AssumeRole")
                                    .containsEntry("RoleArn", ROLE_ARN)
                                    .containsEntry("ExternalId", EXTERNAL_ID)
                                    .containsKey("RoleSessionName");
                            assertThat(call.get("Authorization"))
                                    .contains("Credential=" + baseAccessKey + "/");
                        });
        assertThat(kinesisAuthorizations)
                .isNotEmpty()
                .allSatisfy(
                        auth ->
                                assertThat(auth)
                                        .contains("Credential=" + TEMPORARY_ACCESS_KEY + "/"));
        assertThat(kinesisTokens).containsOnly(TEMPORARY_TOKEN);
    }
}
