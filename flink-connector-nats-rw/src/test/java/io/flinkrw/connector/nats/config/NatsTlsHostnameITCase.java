package io.flinkrw.connector.nats.config;

import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.TestCertificateAuthority;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS checks the server's host name: a certificate from a trusted authority that is issued for
 * another name is refused, unless {@code nats.tls.verify_hostname} is turned off.
 */
class NatsTlsHostnameITCase {

    @TempDir static Path certificates;

    private static TestCertificateAuthority authority;
    private static NatsServer rightName;
    private static NatsServer wrongName;

    @BeforeAll
    static void startServers() throws Exception {
        authority = TestCertificateAuthority.create(certificates);
        // Names only, no IP addresses: the client must check the name it was given.
        rightName = NatsServer.builder().tls(authority.issue("right", "dns:localhost")).build();
        wrongName = NatsServer.builder().tls(authority.issue("wrong", "dns:wrong.example")).build();
        rightName.startUp();
        wrongName.startUp();
    }

    @AfterAll
    static void stopServers() {
        if (rightName != null) {
            rightName.tearDown();
        }
        if (wrongName != null) {
            wrongName.tearDown();
        }
    }

    private static NatsConnectionConfig config(NatsServer server, String... extra) {
        Map<String, String> options = new HashMap<>();
        options.put("server_url", "tls://localhost:" + server.port());
        options.put("subject", "tls.a");
        options.put("connect_mode", "plain");
        options.put("nats.connection.timeout", "2 s");
        options.put("nats.tls.truststore.path", authority.trustStore().toString());
        options.put("nats.tls.truststore.password", authority.trustStorePassword());
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return NatsSourceConfig.fromProperties(options).connection();
    }

    private static void assertConnects(NatsConnectionConfig config) throws Exception {
        try (Connection connection =
                config.connect("tls-test", new NatsClientListener("tls-test", () -> {}))) {
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }

    @Test
    void certificateForTheHostNameConnects() throws Exception {
        assertConnects(config(rightName));
    }

    @Test
    void certificateForAnotherNameIsRefusedSayingWhy() {
        assertThatThrownBy(
                        () ->
                                config(wrongName)
                                        .connect(
                                                "tls-test",
                                                new NatsClientListener("tls-test", () -> {}))
                                        .close())
                .hasMessageContaining("tls://localhost:" + wrongName.port())
                .hasMessageContaining("No subject alternative DNS name matching localhost")
                .hasMessageContaining("nats.tls.verify_hostname");
    }

    @Test
    void turningVerificationOffConnectsToAnotherName() throws Exception {
        assertConnects(config(wrongName, "nats.tls.verify_hostname", "false"));
    }
}
