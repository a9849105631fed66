package io.flinkrw.connector.nats.testutils;

import io.flinkrw.testutils.NatsServer;

import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/** Creates a {@link NatsSourceExternalContext} (a fresh stream) for each test. */
public final class NatsSourceExternalContextFactory
        implements ExternalContextFactory<NatsSourceExternalContext> {

    private final NatsServer server;

    public NatsSourceExternalContextFactory(NatsServer server) {
        this.server = server;
    }

    @Override
    public NatsSourceExternalContext createExternalContext(String testName) {
        return new NatsSourceExternalContext(server);
    }
}
