package io.flinkrw.formats.protobuf;

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
 * The {@code rw-protobuf} format: protobuf messages decoded with the schema at {@code
 * rw-protobuf.schema.location} (a compiled {@code FileDescriptorSet} or {@code .proto} text with
 * its imports), without generated classes, with RisingWave's type mapping.
 */
public final class RwProtobufFormatFactory implements DeserializationFormatFactory {

    public static final String IDENTIFIER = "rw-protobuf";

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        RwProtobufFormatOptions.Settings settings = RwProtobufFormatOptions.validate(formatOptions);
        ProtoTableSchema schema = ProtoTableSchema.load(settings.location, settings.message);
        return new RwProtobufDecodingFormat(schema, settings.ignoreParseErrors);
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return RwProtobufFormatOptions.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return RwProtobufFormatOptions.optionalOptions();
    }
}
