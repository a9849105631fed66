package io.flinkrw.connector.nats.table;

import io.flinkrw.common.config.SecretOptions;
import io.flinkrw.connector.nats.config.NatsConnectorOptions;
import io.flinkrw.connector.nats.config.NatsSourceConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code nats} table connector: RisingWave's NATS source options, any Flink decoding format,
 * metadata columns, and an upsert changelog for tables with a primary key.
 *
 * <p>Invalid options fail when the table is first planned, with a {@code ValidationException} that
 * names the key and the allowed values. Flink adds every table option to such an error, masking
 * only keys it deems sensitive; {@code jwt} and {@code nkey} are not among them. When those are
 * set, the error is therefore raised a step later in planning, where Flink does not add the
 * options, so the secrets never appear in the message.
 */
@Internal
public class NatsDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "nats";

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
        return new LinkedHashSet<>(NatsConnectorOptions.OPTIONAL_OPTIONS);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        DataType physicalDataType = context.getPhysicalRowDataType();
        try {
            FactoryUtil.TableFactoryHelper helper =
                    FactoryUtil.createTableFactoryHelper(this, context);
            NatsSourceConfig config =
                    NatsSourceConfig.fromTableOptions(helper.getOptions(), options.keySet());
            DecodingFormat<DeserializationSchema<RowData>> format =
                    helper.discoverDecodingFormat(
                            DeserializationFormatFactory.class, FactoryUtil.FORMAT);
            helper.validate();
            return new NatsDynamicSource(
                    config, format, physicalDataType, context.getPrimaryKeyIndexes().length > 0);
        } catch (ValidationException e) {
            if (holdsSecretsFlinkPrints(options)) {
                return NatsDynamicSource.invalid(physicalDataType, e);
            }
            throw e;
        }
    }

    private static boolean holdsSecretsFlinkPrints(Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (SecretOptions.isSecret(option.getKey())
                    && !GlobalConfiguration.isSensitive(option.getKey())
                    && option.getValue() != null
                    && !option.getValue().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
