package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.config.OptionValidation;
import io.flinkrw.common.config.SecretOptions;
import io.flinkrw.common.table.DeferredTableError;
import io.flinkrw.common.table.PushDownOptions;
import io.flinkrw.common.table.SourceWatermarkOptions;
import io.flinkrw.connector.kinesis.config.KinesisConnectorOptions;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code kinesis} SQL connector: RisingWave's Kinesis options, any Flink decoding format, the
 * metadata columns {@code key}, {@code partition}, {@code offset}, {@code timestamp} and {@code
 * payload}, and an upsert changelog when the table has a primary key. Options are validated when
 * the table is created; unknown keys are rejected. An error is raised a step later in planning when
 * the options hold a secret Flink would print with it (see {@link
 * SecretOptions#holdsSecretsFlinkPrints}).
 */
@Internal
public class KinesisDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "kinesis";

    /**
     * The default {@link SourceWatermarkOptions#MAX_OUT_OF_ORDERNESS}: AWS calls the arrival time
     * approximate and does not promise that it ascends within a shard.
     */
    static final Duration SOURCE_WATERMARK_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> options = new HashSet<>();
        options.add(KinesisConnectorOptions.STREAM);
        options.add(KinesisConnectorOptions.AWS_REGION);
        options.add(FactoryUtil.FORMAT);
        return options;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(KinesisConnectorOptions.sourceOptions());
        options.removeAll(requiredOptions());
        options.add(KinesisConnectorOptions.SCAN_PARALLELISM);
        options.add(SourceWatermarkOptions.MAX_OUT_OF_ORDERNESS);
        options.add(PushDownOptions.SCAN_PUSH_DOWN_ENABLED);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        try {
            FactoryUtil.TableFactoryHelper helper =
                    FactoryUtil.createTableFactoryHelper(this, context);
            DecodingFormat<DeserializationSchema<RowData>> decodingFormat =
                    helper.discoverDecodingFormat(
                            DeserializationFormatFactory.class, FactoryUtil.FORMAT);
            helper.validate();
            ReadableConfig options = helper.getOptions();
            KinesisSourceConfig config = KinesisSourceConfig.fromOptions(options);
            return KinesisDynamicSource.of(
                    context.getPhysicalRowDataType(),
                    decodingFormat,
                    config,
                    context.getPrimaryKeyIndexes().length > 0,
                    OptionValidation.positive(options, KinesisConnectorOptions.SCAN_PARALLELISM),
                    context.getObjectIdentifier().asSummaryString(),
                    SourceWatermarkOptions.from(
                            options, context.getConfiguration(), SOURCE_WATERMARK_OUT_OF_ORDERNESS),
                    options.get(PushDownOptions.SCAN_PUSH_DOWN_ENABLED));
        } catch (RuntimeException e) {
            if (SecretOptions.holdsSecretsFlinkPrints(context.getCatalogTable().getOptions())) {
                return KinesisDynamicSource.invalid(
                        context.getPhysicalRowDataType(),
                        context.getObjectIdentifier().asSummaryString(),
                        DeferredTableError.of(e));
            }
            throw e;
        }
    }
}
