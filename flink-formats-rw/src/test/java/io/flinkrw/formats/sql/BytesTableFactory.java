package io.flinkrw.formats.sql;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only bounded table source, {@code 'connector' = 'rw-test-bytes'}, whose rows are in-memory
 * payloads decoded by the table's format; it pushes projections (nested ones included) into the
 * format as a connector does.
 */
public final class BytesTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "rw-test-bytes";

    /** The payloads of each table, by the value of its {@code payloads} option. */
    public static final Map<String, List<byte[]>> PAYLOADS = new ConcurrentHashMap<>();

    /** The projections the planner pushed into each table, by the value of {@code payloads}. */
    public static final Map<String, int[][]> PUSHED = new ConcurrentHashMap<>();

    static final ConfigOption<String> PAYLOADS_KEY =
            ConfigOptions.key("payloads").stringType().noDefaultValue();

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        String payloads = helper.getOptions().get(PAYLOADS_KEY);
        return new BytesSource(payloads, format, context.getPhysicalRowDataType(), null);
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PAYLOADS_KEY, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    private static final class BytesSource implements ScanTableSource, SupportsProjectionPushDown {
        private final String payloads;
        private final DecodingFormat<DeserializationSchema<RowData>> format;
        private final DataType physical;
        private int[][] projections;

        BytesSource(
                String payloads,
                DecodingFormat<DeserializationSchema<RowData>> format,
                DataType physical,
                int[][] projections) {
            this.payloads = payloads;
            this.format = format;
            this.physical = physical;
            this.projections = projections;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return format.getChangelogMode();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            DeserializationSchema<RowData> decoder =
                    projections != null
                            ? ((ProjectableDecodingFormat<DeserializationSchema<RowData>>) format)
                                    .createRuntimeDecoder(context, physical, projections)
                            : format.createRuntimeDecoder(context, physical);
            List<byte[]> data = new ArrayList<>(PAYLOADS.get(payloads));
            return new DataStreamScanProvider() {
                @Override
                public DataStream<RowData> produceDataStream(
                        ProviderContext providerContext, StreamExecutionEnvironment env) {
                    return env.fromData(data, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                            .flatMap(new Decode(decoder), decoder.getProducedType());
                }

                @Override
                public boolean isBounded() {
                    return true;
                }
            };
        }

        @Override
        public boolean supportsNestedProjection() {
            return format instanceof ProjectableDecodingFormat
                    && ((ProjectableDecodingFormat<?>) format).supportsNestedProjection();
        }

        @Override
        public void applyProjection(int[][] projectedFields, DataType producedDataType) {
            this.projections = projectedFields;
            PUSHED.put(payloads, projectedFields);
        }

        @Override
        public DynamicTableSource copy() {
            return new BytesSource(payloads, format, physical, projections);
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** Decodes each payload with the format, as a connector's record emitter does. */
    private static final class Decode extends RichFlatMapFunction<byte[], RowData> {
        private static final long serialVersionUID = 1L;
        private final DeserializationSchema<RowData> decoder;

        Decode(DeserializationSchema<RowData> decoder) {
            this.decoder = decoder;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            decoder.open(
                    RuntimeContextInitializationContextAdapters.deserializationAdapter(
                            getRuntimeContext()));
        }

        @Override
        public void flatMap(byte[] payload, Collector<RowData> out) throws Exception {
            decoder.deserialize(payload, out);
        }
    }
}
