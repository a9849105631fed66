package io.flinkrw.formats.json;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Set;

/**
 * The {@code rw-json} format: JSON objects read with RisingWave's rules (exact then
 * case-insensitive key match, missing keys NULL, extra keys ignored, numeric strings accepted,
 * RisingWave's coercions for dates, times, timestamps, decimals, bytes, rows and arrays).
 */
public final class RwJsonFormatFactory implements DeserializationFormatFactory {

    public static final String IDENTIFIER = "rw-json";

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        RwJsonFormatOptions.Settings settings = RwJsonFormatOptions.validate(formatOptions);
        return new RwJsonDecodingFormat(settings.timestamptzMode, settings.ignoreParseErrors);
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return RwJsonFormatOptions.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return RwJsonFormatOptions.optionalOptions();
    }
}
