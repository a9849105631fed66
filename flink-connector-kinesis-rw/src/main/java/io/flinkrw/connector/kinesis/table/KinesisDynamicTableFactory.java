package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.config.OptionValidation;
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

import java.util.HashSet;
import java.util.Set;

/**
 * The {@code kinesis} SQL connector: RisingWave's Kinesis options, any Flink decoding format, the
 * metadata columns {@code key}, {@code partition}, {@code offset}, {@code timestamp} and {@code
 * payload}, and an upsert changelog when the table has a primary key. Options are validated when
 * the table is created; unknown keys are rejected.
 */
@Internal
public class KinesisDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "kinesis";

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
        options.add(PushDownOptions.SCAN_PUSH_DOWN_ENABLED);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
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
                SourceWatermarkOptions.from(options, context.getConfiguration()),
                options.get(PushDownOptions.SCAN_PUSH_DOWN_ENABLED));
    }
}
