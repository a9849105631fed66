package io.flinkrw.connector.nats.table;

import io.flinkrw.common.config.OptionValidation;
import io.flinkrw.common.config.SecretOptions;
import io.flinkrw.common.table.DeferredTableError;
import io.flinkrw.common.table.PushDownOptions;
import io.flinkrw.common.table.SourceWatermarkOptions;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code nats} table connector: RisingWave's NATS source options, any Flink decoding format,
 * metadata columns, and an upsert changelog for tables with a primary key.
 *
 * <p>Invalid options fail when the table is first planned, with a {@code ValidationException} that
 * names the key and the allowed values. Flink adds every table option to such an error, masking
 * only keys it deems sensitive; {@code jwt}, {@code nkey} and a schema location with user info or a
 * presigned query are not among them. When such a value is set, the error is therefore raised a
 * step later in planning, where Flink does not add the options (see {@link
 * SecretOptions#holdsSecretsFlinkPrints}).
 */
@Internal
public class NatsDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "nats";

    /**
     * The default {@link SourceWatermarkOptions#MAX_OUT_OF_ORDERNESS}: a stream's stored times
     * ascend while one server leads it, and can step back by the clock difference of two servers
     * when the leadership moves.
     */
    static final Duration SOURCE_WATERMARK_OUT_OF_ORDERNESS = Duration.ofSeconds(1);

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(NatsConnectorOptions.REQUIRED_OPTIONS);
        options.add(FactoryUtil.FORMAT);
        return options;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(NatsConnectorOptions.OPTIONAL_OPTIONS);
        options.add(NatsConnectorOptions.SCAN_PARALLELISM);
        options.add(SourceWatermarkOptions.MAX_OUT_OF_ORDERNESS);
        options.add(PushDownOptions.SCAN_PUSH_DOWN_ENABLED);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        DataType physicalDataType = context.getPhysicalRowDataType();
        String tableIdentifier = context.getObjectIdentifier().asSummaryString();
        try {
            FactoryUtil.TableFactoryHelper helper =
                    FactoryUtil.createTableFactoryHelper(this, context);
            NatsSourceConfig config =
                    NatsSourceConfig.fromTableOptions(helper.getOptions(), options.keySet());
            DecodingFormat<DeserializationSchema<RowData>> format =
                    helper.discoverDecodingFormat(
                            DeserializationFormatFactory.class, FactoryUtil.FORMAT);
            helper.validate();
            return NatsDynamicSource.of(
                    config,
                    format,
                    physicalDataType,
                    context.getPrimaryKeyIndexes().length > 0,
                    tableIdentifier,
                    OptionValidation.positive(
                            helper.getOptions(), NatsConnectorOptions.SCAN_PARALLELISM),
                    SourceWatermarkOptions.from(
                            helper.getOptions(),
                            context.getConfiguration(),
                            SOURCE_WATERMARK_OUT_OF_ORDERNESS),
                    subjectColumns(context.getCatalogTable().getResolvedSchema()),
                    helper.getOptions().get(PushDownOptions.SCAN_PUSH_DOWN_ENABLED));
        } catch (RuntimeException e) {
            if (SecretOptions.holdsSecretsFlinkPrints(options)) {
                return NatsDynamicSource.invalid(
                        physicalDataType, tableIdentifier, DeferredTableError.of(e));
            }
            throw e;
        }
    }

    /** The names of the metadata columns that read {@code subject}. */
    private static Set<String> subjectColumns(ResolvedSchema schema) {
        Set<String> names = new LinkedHashSet<>();
        for (Column column : schema.getColumns()) {
            if (column instanceof Column.MetadataColumn) {
                Column.MetadataColumn metadata = (Column.MetadataColumn) column;
                String key = metadata.getMetadataKey().orElse(metadata.getName());
                if (key.equals(NatsReadableMetadata.SUBJECT.key())) {
                    names.add(metadata.getName());
                }
            }
        }
        return names;
    }
}
