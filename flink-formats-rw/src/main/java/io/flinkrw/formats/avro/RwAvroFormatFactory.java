package io.flinkrw.formats.avro;

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
 * The {@code rw-avro} format: Avro records decoded with the {@code .avsc} at {@code
 * rw-avro.schema.location}, by field name, with RisingWave's type mapping. Each message is a raw
 * binary datum, a single-object message or a whole container file, detected from its bytes.
 */
public final class RwAvroFormatFactory implements DeserializationFormatFactory {

    public static final String IDENTIFIER = "rw-avro";

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        RwAvroFormatOptions.Settings settings = RwAvroFormatOptions.validate(formatOptions);
        AvroTableSchema schema = AvroTableSchema.load(settings.location, settings.message);
        return new RwAvroDecodingFormat(schema, settings.encoding, settings.ignoreParseErrors);
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return RwAvroFormatOptions.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return RwAvroFormatOptions.optionalOptions();
    }
}
