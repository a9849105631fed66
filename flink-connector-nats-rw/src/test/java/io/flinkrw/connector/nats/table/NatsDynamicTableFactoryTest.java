package io.flinkrw.connector.nats.table;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.common.table.SourceScanProvider;
import io.flinkrw.common.table.SourceWatermarkOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsJetStreamSource;
import io.flinkrw.testutils.WatermarkProbe;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsSourceWatermark;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.TestFormatFactory;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.util.ExceptionUtils;

import io.nats.client.NKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The {@code nats} / {@code nats-rw} table factories, through Flink's factory discovery. */
class NatsDynamicTableFactoryTest {

    private static Map<String, String> options(String connector) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", connector);
        options.put("server_url", "nats://localhost:4222");
        options.put("subject", "orders.>");
        options.put("connect_mode", "plain");
        options.put("format", TestFormatFactory.IDENTIFIER);
        options.put("test-format.delimiter", ",");
        options.put("test-format.fail-on-missing", "true");
        return options;
    }

    private static Map<String, String> connectorOnly(Map<String, String> options) {
        Map<String, String> own = new HashMap<>(options);
        own.remove("connector");
        own.remove("format");
        own.remove("test-format.delimiter");
        own.remove("test-format.fail-on-missing");
        return own;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nats", "nats-rw"})
    void createsTheSourceForBothIdentifiers(String connector) {
        Map<String, String> options = options(connector);
        DynamicTableSource source = FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options);
        NatsDynamicSource expected =
                NatsDynamicSource.of(
                        NatsSourceConfig.fromProperties(connectorOnly(options)),
                        new TestFormatFactory.DecodingFormatMock(",", true),
                        FactoryMocks.PHYSICAL_DATA_TYPE,
                        false,
                        FactoryMocks.IDENTIFIER.asSummaryString(),
                        null,
                        SourceWatermarkOptions.from(
                                new Configuration(), new Configuration(), Duration.ofSeconds(1)),
                        Set.of(),
                        true);
        assertThat(source).isEqualTo(expected);
        assertThat(source.copy()).isEqualTo(source);
        assertThat(((NatsDynamicSource) source).getChangelogMode())
                .isEqualTo(ChangelogMode.insertOnly());
    }

    @Test
    void primaryKeyGivesAnUpsertChangelog() {
        ResolvedSchema withKey =
                new ResolvedSchema(
                        List.of(
                                Column.physical("id", DataTypes.STRING().notNull()),
                                Column.physical("v", DataTypes.INT())),
                        List.of(),
                        UniqueConstraint.primaryKey("pk", List.of("id")),
                        List.of());
        DynamicTableSource source = FactoryMocks.createTableSource(withKey, options("nats"));
        assertThat(((NatsDynamicSource) source).getChangelogMode())
                .isEqualTo(ChangelogMode.upsert());
    }

    @Test
    void listsRisingWavesIncludeColumnsAsMetadata() {
        NatsDynamicSource source =
                (NatsDynamicSource)
                        FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options("nats"));
        assertThat(source.listReadableMetadata())
                .containsOnlyKeys(
                        "subject", "partition", "offset", "timestamp", "headers", "payload");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Map<String, String> options = options("nats");
        options.remove("connect_mode");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class, "Option 'connect_mode' is required"));
    }

    @Test
    void unknownKeyIsRejectedWithTheSupportedOnes() {
        Map<String, String> options = options("nats");
        options.put("consumer.durable", "x");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options))
                .satisfies(anyCauseMatches(ValidationException.class, "consumer.durable"))
                .satisfies(anyCauseMatches(ValidationException.class, "consumer.durable_name"));
    }

    @Test
    void keyWithoutMeaningHereIsRejectedWithTheReason() {
        Map<String, String> options = options("nats");
        options.put("consumer.deliver_policy", "all");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'consumer.deliver_policy' is not supported: RisingWave"
                                        + " ignores it too"));
    }

    @Test
    void credentialsWithoutTheirModeAreRejected() {
        Map<String, String> options = options("nats");
        options.put("connect_mode", "user_and_password");
        options.put("username", "bob");
        assertThatThrownBy(() -> FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options))
                .satisfies(anyCauseMatches(ValidationException.class, "'password' is required"));
    }

    @Test
    void invalidTableWithJwtAndNkeyFailsWithoutPrintingThem() throws Exception {
        String seed = new String(NKey.createUser(new SecureRandom()).getSeed());
        String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.secret-claims.sig";
        Map<String, String> options = options("nats");
        options.put("connect_mode", "credential");
        options.put("jwt", jwt);
        options.put("nkey", seed);
        options.put("scan.startup.mode", "sometime");

        // Flink would list every option (jwt and nkey unmasked) in an error raised here.
        DynamicTableSource source = FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options);
        assertThatThrownBy(((NatsDynamicSource) source)::getChangelogMode)
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'scan.startup.mode'")
                .hasMessageNotContaining(jwt)
                .hasMessageNotContaining(seed);
    }

    private static final ResolvedSchema KEYED =
            new ResolvedSchema(
                    List.of(
                            Column.physical("v", DataTypes.INT()),
                            Column.physical("id", DataTypes.STRING().notNull())),
                    List.of(),
                    UniqueConstraint.primaryKey("pk", List.of("id")),
                    List.of());

    private static DynamicTableSource create(ResolvedSchema schema, String... extra) {
        Map<String, String> options = options("nats");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return FactoryMocks.createTableSource(schema, options);
    }

    @Test
    void scanParallelismMustBePositive() {
        for (String parallelism : new String[] {"0", "-2"}) {
            assertThatThrownBy(() -> create(FactoryMocks.SCHEMA, "scan.parallelism", parallelism))
                    .satisfies(
                            anyCauseMatches(
                                    ValidationException.class,
                                    "Option 'scan.parallelism' must be at least 1, not "
                                            + parallelism));
        }
        assertThat(create(FactoryMocks.SCHEMA, "scan.parallelism", "1")).isNotNull();
    }

    @Test
    void anInsertOnlyTableTakesProjectionAndLimit() {
        DynamicTableSource source = create(FactoryMocks.SCHEMA, "scan.parallelism", "2");
        assertThat(source)
                .isInstanceOf(SupportsProjectionPushDown.class)
                .isInstanceOf(SupportsLimitPushDown.class);
        assertThat(source.copy()).isEqualTo(source).hasSameClassAs(source);
    }

    @Test
    void aKeyedTableTakesNoLimitAndWithScanParallelismNoProjection() {
        DynamicTableSource keyed = create(KEYED);
        assertThat(keyed)
                .isInstanceOf(SupportsProjectionPushDown.class)
                .isNotInstanceOf(SupportsLimitPushDown.class);
        assertThat(keyed.copy()).isEqualTo(keyed).hasSameClassAs(keyed);

        DynamicTableSource parallel = create(KEYED, "scan.parallelism", "2");
        assertThat(parallel)
                .isNotInstanceOf(SupportsProjectionPushDown.class)
                .isNotInstanceOf(SupportsLimitPushDown.class);
        assertThat(parallel.copy()).isEqualTo(parallel).hasSameClassAs(parallel);
        assertThat(parallel).isNotEqualTo(create(KEYED, "scan.parallelism", "3"));

        // A LIMIT query over it builds a source without a limit.
        SourceScanProvider provider =
                (SourceScanProvider)
                        ((NatsDynamicSource) parallel)
                                .getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE);
        assertThat(((NatsJetStreamSource<?>) provider.source()).limit())
                .isEqualTo(RecordLimit.UNLIMITED);
    }

    @Test
    void aSchemaLocationWithCredentialsIsNotPrintedInAnyError() {
        // Flink lists every table option in the error of a failed table creation, masking only
        // the keys it deems sensitive; a location's user info and signature are not among them.
        String location = "https://user:pw-31337@127.0.0.1:1/x.avsc?X-Amz-Signature=abc-42";
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.executeSql(
                "CREATE TABLE t (id INT) WITH ("
                        + "'connector' = 'nats', 'server_url' = 'nats://localhost:4222',"
                        + " 'subject' = 'orders.>', 'connect_mode' = 'plain'"
                        + ", 'format' = 'rw-avro', 'rw-avro.schema.location' = '"
                        + location
                        + "')");

        Throwable error = catchThrowable(() -> tables.explainSql("SELECT * FROM t"));
        assertThat(error).isNotNull();
        assertThat(ExceptionUtils.stringifyException(error))
                .contains("127.0.0.1:1/x.avsc")
                .doesNotContain("pw-31337")
                .doesNotContain("abc-42");
    }

    /** The watermark strategy of the table's {@code SOURCE_WATERMARK()}. */
    private static WatermarkStrategy<RowData> sourceWatermark(Map<String, String> options) {
        DynamicTableSource source = FactoryMocks.createTableSource(FactoryMocks.SCHEMA, options);
        ((SupportsSourceWatermark) source).applySourceWatermark();
        return ((SourceScanProvider)
                        ((ScanTableSource) source)
                                .getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE))
                .watermarkStrategy();
    }

    @Test
    void sourceWatermarkTakesBrokerTimesOutOfOrderByUpToTheBound() {
        // The broker time steps back 2 ms: within the default bound (1 s) nothing is late.
        for (String emit : new String[] {"on-periodic", "on-event"}) {
            Map<String, String> options = options("nats");
            options.put("scan.watermark.emit.strategy", emit);
            assertThat(WatermarkProbe.lateRecords(sourceWatermark(options), 1000, 1005, 1003))
                    .as(emit)
                    .isEmpty();
            assertThat(
                            WatermarkProbe.lateRecords(
                                    sourceWatermark(options), 1000, 1_000 + 1005, 1003))
                    .as(emit)
                    .containsExactly(1003L);

            options.put("scan.source-watermark.max-out-of-orderness", "0 ms");
            assertThat(WatermarkProbe.lateRecords(sourceWatermark(options), 1000, 1005, 1003, 1005))
                    .as(emit)
                    .containsExactly(1003L);
            options.put("scan.source-watermark.max-out-of-orderness", "1 min");
            assertThat(WatermarkProbe.lateRecords(sourceWatermark(options), 1000, 60_000, 1003))
                    .as(emit)
                    .isEmpty();
        }
    }
}
