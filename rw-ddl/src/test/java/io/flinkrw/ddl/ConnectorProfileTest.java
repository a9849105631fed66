package io.flinkrw.ddl;

import io.flinkrw.connector.kinesis.table.KinesisDynamicTableFactory;
import io.flinkrw.connector.kinesis.table.KinesisRwDynamicTableFactory;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.table.NatsDynamicTableFactory;
import io.flinkrw.connector.nats.table.NatsRwDynamicTableFactory;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ConnectorProfile} is in step with the real connectors: the WITH keys it copies are exactly
 * those the SQL factory accepts (aliases included), the keys it drops for a reason are those the
 * connector rejects (a Kinesis session token without static keys among them), and the INCLUDE
 * columns are the connector's metadata columns with their types (asked of the table source the
 * factory creates, since the metadata enums are the connectors' own).
 */
class ConnectorProfileTest {

    /** A connector's SQL factory, its alias factory, and options it plans a table with. */
    private record Connector(
            DynamicTableSourceFactory factory,
            DynamicTableSourceFactory alias,
            Map<String, String> validOptions) {}

    private static Connector connector(ConnectorProfile profile) {
        switch (profile) {
            case KINESIS:
                return new Connector(
                        new KinesisDynamicTableFactory(),
                        new KinesisRwDynamicTableFactory(),
                        Map.of("stream", "orders", "aws.region", "us-east-1"));
            case NATS:
                return new Connector(
                        new NatsDynamicTableFactory(),
                        new NatsRwDynamicTableFactory(),
                        Map.of(
                                "server_url",
                                "nats://127.0.0.1:4222",
                                "subject",
                                "orders",
                                "connect_mode",
                                "plain"));
            default:
                throw new IllegalArgumentException("No connector for " + profile);
        }
    }

    @ParameterizedTest
    @EnumSource(ConnectorProfile.class)
    void identifiersAreTheFactories(ConnectorProfile profile) {
        Connector connector = connector(profile);
        assertThat(profile.identifier()).isEqualTo(connector.factory().factoryIdentifier());
        assertThat(profile.aliasIdentifier()).isEqualTo(connector.alias().factoryIdentifier());
    }

    @ParameterizedTest
    @EnumSource(ConnectorProfile.class)
    void withKeysAreExactlyThoseTheFactoryAccepts(ConnectorProfile profile) {
        DynamicTableSourceFactory factory = connector(profile).factory();
        Set<String> accepted = new TreeSet<>();
        for (Set<ConfigOption<?>> options :
                List.of(factory.requiredOptions(), factory.optionalOptions())) {
            for (ConfigOption<?> option : options) {
                accepted.add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    accepted.add(fallback.getKey());
                }
            }
        }
        // The translator writes 'format' (and the format's options) itself.
        accepted.remove(FactoryUtil.FORMAT.key());

        assertThat(new TreeSet<>(profile.keys())).isEqualTo(accepted);
    }

    @Test
    void keysDroppedForAReasonAreThoseTheNatsConnectorRejects() {
        Map<String, String> dropped = new HashMap<>(ConnectorProfile.NATS.ignoredByRisingWave());
        dropped.putAll(ConnectorProfile.NATS.rejected());

        assertThat(dropped.keySet()).isEqualTo(NatsConnectorOptions.REJECTED_OPTIONS.keySet());
        assertThat(ConnectorProfile.NATS.keys()).doesNotContainAnyElementsOf(dropped.keySet());
    }

    @Test
    void theKinesisConnectorRejectsNoKeyForAReason() {
        // Its factory rejects unknown keys only; RisingWave's Kinesis keys are all accepted.
        assertThat(ConnectorProfile.KINESIS.ignoredByRisingWave()).isEmpty();
        assertThat(ConnectorProfile.KINESIS.rejected()).isEmpty();
    }

    /**
     * The translator drops a Kinesis session token without static keys (RisingWave ignores it)
     * because the connector refuses it; with the keys it is kept, and the connector takes it.
     */
    @Test
    void theKinesisConnectorTakesASessionTokenOnlyWithStaticKeys() {
        Map<String, String> options =
                new HashMap<>(connector(ConnectorProfile.KINESIS).validOptions());
        options.put("connector", "kinesis");
        options.put("format", "rw-json");
        options.put("aws.credentials.session_token", "token");

        assertThat(
                        ConnectorProfile.KINESIS.ignoredByRisingWave(
                                "aws.credentials.session_token", options.keySet()))
                .isNotNull();
        assertThatThrownBy(() -> FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'aws.credentials.session_token' requires options"
                                        + " 'aws.credentials.access_key_id' and"
                                        + " 'aws.credentials.secret_access_key'"));

        options.put("aws.credentials.access_key_id", "AKID");
        options.put("aws.credentials.secret_access_key", "secret");
        assertThat(
                        ConnectorProfile.KINESIS.ignoredByRisingWave(
                                "aws.credentials.session_token", options.keySet()))
                .isNull();
        assertThat(FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(ConnectorProfile.class)
    void includeColumnsAreTheConnectorsMetadataWithItsTypes(ConnectorProfile profile) {
        Map<String, String> options = new HashMap<>(connector(profile).validOptions());
        options.put("connector", profile.identifier());
        options.put("format", "rw-json");
        SupportsReadingMetadata source =
                (SupportsReadingMetadata)
                        FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options);

        Map<String, LogicalType> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, DataType> column : source.listReadableMetadata().entrySet()) {
            // A metadata column may be declared nullable, as the translation does.
            metadata.put(column.getKey(), column.getValue().getLogicalType().copy(true));
        }
        assertThat(profile.metadata()).containsExactlyEntriesOf(metadata);
    }
}
