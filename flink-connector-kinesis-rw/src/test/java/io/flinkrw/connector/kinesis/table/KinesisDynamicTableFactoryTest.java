package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.common.table.SourceScanProvider;
import io.flinkrw.common.table.SourceWatermarkOptions;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.config.ReaderType;
import io.flinkrw.connector.kinesis.source.KinesisSource;
import io.flinkrw.testutils.WatermarkProbe;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
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
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class KinesisDynamicTableFactoryTest {

    private static final String SECRET = "wJalrXUtnFEMI-secret-value";
    private static final String TOKEN = "FwoGZXIvYXdzE-token-value";

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.INT()),
                    Column.physical("name", DataTypes.STRING()));

    private static final ResolvedSchema SCHEMA_WITH_KEY =
            new ResolvedSchema(
                    List.of(
                            Column.physical("id", DataTypes.INT().notNull()),
                            Column.physical("name", DataTypes.STRING())),
                    Collections.emptyList(),
                    UniqueConstraint.primaryKey("pk", List.of("id")),
                    Collections.emptyList());

    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "kinesis");
        options.put("stream", "orders");
        options.put("aws.region", "us-east-1");
        options.put("format", TestFormatFactory.IDENTIFIER);
        options.put("test-format.delimiter", ",");
        return options;
    }

    private static KinesisDynamicSource create(Map<String, String> options) {
        return (KinesisDynamicSource) FactoryMocks.createTableSource(SCHEMA, options);
    }

    @Test
    void createsTheSourceFromRisingWaveOptions() {
        Map<String, String> options = options();
        options.put("endpoint", "http://localhost:4567");
        options.put("aws.credentials.access_key_id", "AKID");
        options.put("aws.credentials.secret_access_key", SECRET);
        options.put("scan.startup.mode", "latest");
        options.put("kinesis.reader.error_retry_interval_ms", "50");
        options.put("scan.parallelism", "3");

        KinesisDynamicSource source = create(options);

        Map<String, String> sourceOptions = new HashMap<>(options);
        sourceOptions
                .keySet()
                .removeAll(
                        List.of(
                                "connector",
                                "format",
                                "test-format.delimiter",
                                "scan.parallelism"));
        KinesisSourceConfig expectedConfig =
                KinesisSourceConfig.fromOptions(Configuration.fromMap(sourceOptions));
        assertThat(source)
                .isEqualTo(
                        KinesisDynamicSource.of(
                                SCHEMA.toPhysicalRowDataType(),
                                new TestFormatFactory.DecodingFormatMock(",", false),
                                expectedConfig,
                                false,
                                3,
                                FactoryMocks.IDENTIFIER.asSummaryString(),
                                SourceWatermarkOptions.from(
                                        new Configuration(),
                                        new Configuration(),
                                        Duration.ofSeconds(5)),
                                true));
        assertThat(source.config().polling().emptyReadInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(source.copy()).isEqualTo(source);
        assertThat(source.asSummaryString()).isEqualTo("Kinesis(orders)");
    }

    @Test
    void enhancedFanOutAndDeaggregationAreSqlOptionsToo() {
        Map<String, String> options = options();
        options.put("kinesis.reader.type", "efo");
        options.put("kinesis.efo.consumer_name", "orders-sql");
        options.put("kinesis.efo.subscription_idle_timeout_ms", "15000");
        options.put("kinesis.kpl_deaggregation", "false");
        KinesisSourceConfig config = create(options).config();
        assertThat(config.readerType()).isEqualTo(ReaderType.EFO);
        assertThat(config.fanOut().consumerName()).isEqualTo("orders-sql");
        assertThat(config.fanOut().subscriptionIdleTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.kplDeaggregation()).isFalse();
    }

    @Test
    void theAliasIsTheSameConnector() {
        Map<String, String> options = options();
        options.put("connector", "kinesis-rw");
        assertThat(create(options).config()).isEqualTo(create(options()).config());
    }

    @Test
    void legacyAliasesAreAccepted() {
        Map<String, String> options = options();
        options.remove("stream");
        options.remove("aws.region");
        options.put("kinesis.stream.name", "orders");
        options.put("kinesis.stream.region", "us-east-1");
        assertThat(create(options).config()).isEqualTo(create(options()).config());
    }

    @Test
    void aPrimaryKeyMakesAnUpsertChangelog() {
        assertThat(create(options()).getChangelogMode()).isEqualTo(ChangelogMode.insertOnly());
        DynamicTableSource keyed = FactoryMocks.createTableSource(SCHEMA_WITH_KEY, options());
        assertThat(((ScanTableSource) keyed).getChangelogMode()).isEqualTo(ChangelogMode.upsert());
    }

    @Test
    void offersRisingWavesMetadataColumns() {
        Map<String, DataType> expected = new LinkedHashMap<>();
        expected.put("key", DataTypes.BYTES().notNull());
        expected.put("partition", DataTypes.STRING().notNull());
        expected.put("offset", DataTypes.STRING().notNull());
        expected.put("sub_sequence", DataTypes.BIGINT().notNull());
        expected.put("timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull());
        expected.put("payload", DataTypes.BYTES().notNull());
        assertThat(create(options()).listReadableMetadata()).containsExactlyEntriesOf(expected);
    }

    @Test
    void theRuntimeSourceIsBuiltWhenPlannedWithItsBoundedness() {
        Map<String, String> options = options();
        options.put("scan.startup.mode", "latest");
        options.put("scan.bounded.mode", "latest");
        KinesisDynamicSource source = create(options);
        source.applyReadableMetadata(
                List.of("partition", "timestamp"),
                DataTypes.ROW(
                        DataTypes.FIELD("id", DataTypes.INT()),
                        DataTypes.FIELD("name", DataTypes.STRING()),
                        DataTypes.FIELD("partition", DataTypes.STRING().notNull()),
                        DataTypes.FIELD("timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull())));

        Instant before = Instant.now();
        SourceScanProvider provider =
                (SourceScanProvider)
                        source.getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE);
        KinesisSource<?> kinesis = (KinesisSource<?>) provider.source();

        assertThat(kinesis.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(provider.isBounded()).isTrue();
        assertThat(kinesis.startupInstant()).isBetween(before, Instant.now());
        assertThat(kinesis.config()).isEqualTo(source.config());
    }

    @Test
    void missingRequiredOptionsAreNamed() {
        Map<String, String> noStream = options();
        noStream.remove("stream");
        assertThatThrownBy(() -> create(noStream))
                .satisfies(anyCauseMatches(ValidationException.class, "stream"))
                .satisfies(anyCauseMatches("Missing required options"));

        Map<String, String> noRegion = options();
        noRegion.remove("aws.region");
        assertThatThrownBy(() -> create(noRegion))
                .satisfies(anyCauseMatches(ValidationException.class, "aws.region"));
    }

    @Test
    void unknownKeysAreRejectedWithoutShowingSecrets() {
        Map<String, String> options = options();
        options.put("aws.credentials.access_key_id", "AKID");
        options.put("aws.credentials.secret_access_key", SECRET);
        options.put("aws.credentials.session_token", TOKEN);
        options.put("aws.profile", "default");
        assertThatThrownBy(() -> create(options))
                .satisfies(anyCauseMatches(ValidationException.class, "aws.profile"))
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(SECRET, TOKEN));
    }

    @Test
    void badCombinationsFailAtCreateTable() {
        Map<String, String> keyOnly = options();
        keyOnly.put("aws.credentials.access_key_id", "AKID");
        assertThatThrownBy(() -> create(keyOnly))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'aws.credentials.access_key_id' requires option"
                                        + " 'aws.credentials.secret_access_key'"));

        Map<String, String> secretOnly = options();
        secretOnly.put("aws.credentials.secret_access_key", SECRET);
        assertThatThrownBy(() -> create(secretOnly))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "'aws.credentials.secret_access_key' requires option"))
                .satisfies(e -> assertThat(fullText(e)).doesNotContain(SECRET));

        Map<String, String> modeOnly = options();
        modeOnly.put("scan.startup.mode", "sequence_number");
        assertThatThrownBy(() -> create(modeOnly))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'scan.startup.sequence_number' is required when"
                                        + " 'scan.startup.mode' is 'sequence_number'"));

        Map<String, String> badMode = options();
        badMode.put("scan.startup.mode", "group-offsets");
        assertThatThrownBy(() -> create(badMode))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Allowed values: earliest, latest, sequence_number, timestamp"));
    }

    /** Every message and toString of the throwable and its causes, suppressed ones included. */
    static String fullText(Throwable error) {
        StringBuilder text = new StringBuilder();
        appendText(error, text);
        return text.toString();
    }

    private static void appendText(Throwable error, StringBuilder text) {
        if (error == null) {
            return;
        }
        text.append(error).append('\n');
        for (Throwable suppressed : error.getSuppressed()) {
            appendText(suppressed, text);
        }
        appendText(error.getCause(), text);
    }

    @Test
    void scanParallelismMustBePositive() {
        for (String parallelism : new String[] {"0", "-2"}) {
            Map<String, String> options = options();
            options.put("scan.parallelism", parallelism);
            assertThatThrownBy(() -> create(options))
                    .satisfies(
                            anyCauseMatches(
                                    ValidationException.class,
                                    "Option 'scan.parallelism' must be at least 1, not "
                                            + parallelism));
        }
    }

    @Test
    void anInsertOnlyTableTakesProjectionAndLimit() {
        Map<String, String> options = options();
        options.put("scan.parallelism", "2");
        DynamicTableSource source = create(options);
        assertThat(source)
                .isInstanceOf(SupportsProjectionPushDown.class)
                .isInstanceOf(SupportsLimitPushDown.class);
        assertThat(source.copy()).isEqualTo(source).hasSameClassAs(source);
    }

    @Test
    void aKeyedTableTakesNoLimitAndWithScanParallelismNoProjection() {
        DynamicTableSource keyed = FactoryMocks.createTableSource(SCHEMA_WITH_KEY, options());
        assertThat(keyed)
                .isInstanceOf(SupportsProjectionPushDown.class)
                .isNotInstanceOf(SupportsLimitPushDown.class);
        assertThat(keyed.copy()).isEqualTo(keyed).hasSameClassAs(keyed);

        Map<String, String> options = options();
        options.put("scan.parallelism", "2");
        options.put("scan.bounded.mode", "latest");
        DynamicTableSource parallel = FactoryMocks.createTableSource(SCHEMA_WITH_KEY, options);
        assertThat(parallel)
                .isNotInstanceOf(SupportsProjectionPushDown.class)
                .isNotInstanceOf(SupportsLimitPushDown.class);
        assertThat(parallel.copy()).isEqualTo(parallel).hasSameClassAs(parallel);

        // A LIMIT query over it builds a source without a limit.
        SourceScanProvider provider =
                (SourceScanProvider)
                        ((KinesisDynamicSource) parallel)
                                .getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE);
        assertThat(((KinesisSource<?>) provider.source()).limit()).isEqualTo(RecordLimit.UNLIMITED);
    }

    @Test
    void aSchemaLocationWithCredentialsIsNotPrintedInAnyError() {
        // Flink lists every table option in the error of a failed table creation, masking only
        // the keys it deems sensitive; a location's user info and signature are not among them.
        String location = "https://user:pw-31337@127.0.0.1:1/x.avsc?X-Amz-Signature=abc-42";
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.executeSql(
                "CREATE TABLE t (id INT) WITH ("
                        + "'connector' = 'kinesis', 'stream' = 'orders', 'aws.region' = 'us-east-1'"
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
        // The broker time steps back 2 ms: within the default bound (5 s) nothing is late.
        for (String emit : new String[] {"on-periodic", "on-event"}) {
            Map<String, String> options = options();
            options.put("scan.watermark.emit.strategy", emit);
            assertThat(WatermarkProbe.lateRecords(sourceWatermark(options), 1000, 1005, 1003))
                    .as(emit)
                    .isEmpty();
            assertThat(
                            WatermarkProbe.lateRecords(
                                    sourceWatermark(options), 1000, 5_000 + 1005, 1003))
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
