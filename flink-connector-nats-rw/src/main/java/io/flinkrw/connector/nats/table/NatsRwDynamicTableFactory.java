package io.flinkrw.connector.nats.table;

import org.apache.flink.annotation.Internal;

/**
 * The {@code nats-rw} alias of the {@code nats} connector, for clusters where another connector
 * already claims {@code nats}.
 */
@Internal
public final class NatsRwDynamicTableFactory extends NatsDynamicTableFactory {

    public static final String IDENTIFIER = "nats-rw";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }
}
