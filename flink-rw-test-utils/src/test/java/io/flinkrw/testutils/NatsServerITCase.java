package io.flinkrw.testutils;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Proves each {@link NatsServer} variant: JetStream round trips and authentication failures. */
class NatsServerITCase {

    private static final int MESSAGES = 1_000;
    private static final Duration AUTH_FAILURE_LIMIT = Duration.ofSeconds(5);

    @Nested
    class Plain {
        @RegisterExtension final NatsServer nats = NatsServer.plain();

        @Test
        void publishesAndReadsBackThousandMessages() throws Exception {
            Options options = nats.optionsBuilder().build();
            assertThat(nats.url()).startsWith("nats://127.0.0.1:");
            assertRoundTrip(options, options, "plain");
        }

        @Test
        void restartsOnTheSamePortWithTheSameStoreAfterKill() throws Exception {
            Options options = nats.optionsBuilder().build();
            int port = nats.port();
            long pid = nats.pid();
            try (Connection nc = Nats.connect(options)) {
                createStream(nc, "restart");
                nc.jetStream().publish("restart.a", "before".getBytes(StandardCharsets.UTF_8));
            }
            nats.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            nats.startUp();
            assertThat(nats.port()).isEqualTo(port);
            try (Connection nc = Nats.connect(options)) {
                assertThat(readAll(nc, "restart", "restart.>", 1)).containsExactly("before");
            }
        }
    }

    @Nested
    class UserAndPassword {
        @RegisterExtension
        final NatsServer nats =
                NatsServer.builder()
                        .user("writer", "writer-pw")
                        .readOnlyUser("reader", "reader-pw", "auth.>")
                        .build();

        @Test
        void readOnlyUserReadsWhatTheWriterPublished() throws Exception {
            Options writer = nats.optionsBuilder().userInfo("writer", "writer-pw").build();
            Options reader = nats.optionsBuilder().userInfo("reader", "reader-pw").build();
            assertRoundTrip(writer, reader, "auth");
        }

        @Test
        void wrongPasswordFailsWithAnAuthenticationError() {
            Options wrong = nats.optionsBuilder().userInfo("reader", "not-the-password").build();
            assertAuthenticationFailsQuickly(wrong);
        }
    }

    @Nested
    class JwtCredentials {
        @RegisterExtension final NatsServer nats = NatsServer.builder().operatorMode().build();

        @Test
        void userWithJwtAndSeedPublishesAndReads() throws Exception {
            NatsUserCredentials user = nats.operator().newUser("app-user");
            Options options =
                    nats.optionsBuilder()
                            .authHandler(
                                    Nats.staticCredentials(
                                            user.jwt().toCharArray(), user.seed().toCharArray()))
                            .build();
            assertRoundTrip(options, options, "jwt");
        }

        @Test
        void jwtOfAnUnknownAccountFailsWithAnAuthenticationError() throws Exception {
            NatsUserCredentials foreign = NatsOperator.foreignUser("intruder");
            assertAuthenticationFailsQuickly(
                    nats.optionsBuilder()
                            .authHandler(
                                    Nats.staticCredentials(
                                            foreign.jwt().toCharArray(),
                                            foreign.seed().toCharArray()))
                            .build());
        }

        @Test
        void expiredJwtFailsWithAnAuthenticationError() throws Exception {
            NatsUserCredentials expired = nats.operator().expiredUser("late");
            assertAuthenticationFailsQuickly(
                    nats.optionsBuilder()
                            .authHandler(
                                    Nats.staticCredentials(
                                            expired.jwt().toCharArray(),
                                            expired.seed().toCharArray()))
                            .build());
        }
    }

    @Nested
    class Tls {
        @RegisterExtension final NatsServer nats = NatsServer.builder().tls().build();

        @Test
        void publishesAndReadsOverTls() throws Exception {
            assertThat(nats.url()).startsWith("tls://127.0.0.1:");
            Options options = nats.optionsBuilder().build();
            assertRoundTrip(options, options, "secure");
        }

        @Test
        void clientWithoutTheCertificateIsRejected() {
            Options untrusted =
                    new Options.Builder()
                            .server(nats.url())
                            .connectionTimeout(Duration.ofSeconds(2))
                            .noReconnect()
                            .build();
            assertTimeoutPreemptively(
                    AUTH_FAILURE_LIMIT,
                    () ->
                            assertThatThrownBy(() -> Nats.connect(untrusted).close())
                                    .isInstanceOf(java.io.IOException.class));
        }
    }

    private static void assertRoundTrip(Options writer, Options reader, String stream)
            throws Exception {
        List<String> expected = new ArrayList<>();
        try (Connection nc = Nats.connect(writer)) {
            createStream(nc, stream);
            JetStream js = nc.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String body = "message-" + i;
                expected.add(body);
                acks.add(
                        js.publishAsync(stream + ".events", body.getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get();
        }
        try (Connection nc = Nats.connect(reader)) {
            assertThat(readAll(nc, stream, stream + ".>", MESSAGES))
                    .containsExactlyElementsOf(expected);
        }
    }

    private static void createStream(Connection nc, String stream) throws Exception {
        nc.jetStreamManagement()
                .addStream(
                        StreamConfiguration.builder()
                                .name(stream)
                                .subjects(stream + ".>")
                                .storageType(StorageType.File)
                                .build());
    }

    private static List<String> readAll(Connection nc, String stream, String filter, int count)
            throws Exception {
        OrderedConsumerContext consumer =
                nc.getStreamContext(stream)
                        .createOrderedConsumer(
                                new OrderedConsumerConfiguration().filterSubject(filter));
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bodies.size() < count && System.nanoTime() < deadline) {
            try (FetchConsumer fetch = consumer.fetchMessages(count - bodies.size())) {
                Message message;
                while ((message = fetch.nextMessage()) != null) {
                    bodies.add(new String(message.getData(), StandardCharsets.UTF_8));
                }
            }
        }
        return bodies;
    }

    private static void assertAuthenticationFailsQuickly(Options options) {
        Options once = new Options.Builder(options).noReconnect().build();
        assertTimeoutPreemptively(
                AUTH_FAILURE_LIMIT,
                () ->
                        assertThatThrownBy(() -> Nats.connect(once).close())
                                .isInstanceOf(AuthenticationException.class)
                                .hasMessageContaining("Authorization Violation"));
    }
}
