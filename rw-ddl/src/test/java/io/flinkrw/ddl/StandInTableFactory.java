package io.flinkrw.ddl;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only stand-in for our kinesis and nats connectors, which are not on this module's class
 * path: it takes any connector option, offers the metadata columns {@link ConnectorProfile} lists
 * for the connector named by {@code 'stands-for'}, and decodes the payloads registered under {@code
 * 'payloads'} with the table's real format. So the planner checks a translated table's format
 * options, declared columns and metadata columns, and a query reads records through them.
 *
 * <p>Metadata values are fixed: each key's value is derived from the record's index.
 */
public final class StandInTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "rw-ddl-stand-in";

    static final ConfigOption<String> STANDS_FOR =
            ConfigOptions.key("stands-for").stringType().noDefaultValue();
    static final ConfigOption<String> PAYLOADS =
            ConfigOptions.key("payloads").stringType().defaultValue("");

    private static final Map<String, List<byte[]>> REGISTERED = new ConcurrentHashMap<>();

    /** Makes {@code payloads} what tables with {@code 'payloads' = id} read. */
    static void register(String id, List<byte[]> payloads) {
        REGISTERED.put(id, List.copyOf(payloads));
    }

    /**
     * {@code table} with its connector replaced by this stand-in (the other options kept, for the
     * stand-in to ignore).
     */
    static FlinkTable standIn(FlinkTable table, String payloads) {
        Map<String, String> options = new LinkedHashMap<>(table.options());
        String connector = options.get("connector");
        options.put("connector", IDENTIFIER);
        options.put(STANDS_FOR.key(), connector.replace("-rw", ""));
        options.put(PAYLOADS.key(), payloads);
        return new FlinkTable(
                table.name(),
                table.ifNotExists(),
                table.columns(),
                table.primaryKey(),
                table.primaryKeyAsComment(),
                options);
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(STANDS_FOR, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PAYLOADS);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        String formatName = helper.getOptions().get(FactoryUtil.FORMAT);
        // The connector's own options are not this stand-in's business; the format's are checked.
        List<String> connectorKeys = new ArrayList<>();
        for (String key : context.getCatalogTable().getOptions().keySet()) {
            if (!key.startsWith(formatName + ".")
                    && !key.equals(FactoryUtil.FORMAT.key())
                    && !key.equals(FactoryUtil.CONNECTOR.key())
                    && !key.equals(STANDS_FOR.key())
                    && !key.equals(PAYLOADS.key())) {
                connectorKeys.add(key);
            }
        }
        helper.validateExcept(connectorKeys.toArray(new String[0]));
        ConnectorProfile profile = ConnectorProfile.of(helper.getOptions().get(STANDS_FOR));
        return new Source(
                format,
                context.getPhysicalRowDataType(),
                profile,
                helper.getOptions().get(PAYLOADS),
                List.of());
    }

    private static final class Source implements ScanTableSource, SupportsReadingMetadata {
        private final DecodingFormat<DeserializationSchema<RowData>> format;
        private final DataType physicalType;
        private final ConnectorProfile profile;
        private final String payloads;
        private List<String> metadataKeys;
        private DataType producedType;

        Source(
                DecodingFormat<DeserializationSchema<RowData>> format,
                DataType physicalType,
                ConnectorProfile profile,
                String payloads,
                List<String> metadataKeys) {
            this.format = format;
            this.physicalType = physicalType;
            this.profile = profile;
            this.payloads = payloads;
            this.metadataKeys = metadataKeys;
            this.producedType = physicalType;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            DeserializationSchema<RowData> decoder =
                    format.createRuntimeDecoder(context, physicalType);
            TypeInformation<RowData> producedInfo = context.createTypeInformation(producedType);
            List<byte[]> records = REGISTERED.getOrDefault(payloads, List.of());
            List<String> keys = metadataKeys;
            return new DataStreamScanProvider() {
                @Override
                public DataStream<RowData> produceDataStream(
                        ProviderContext providerContext, StreamExecutionEnvironment env) {
                    return env.fromData(
                                    records, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                            .setParallelism(1)
                            .flatMap(new Decode(decoder, profile, keys))
                            .setParallelism(1)
                            .returns(producedInfo);
                }

                @Override
                public boolean isBounded() {
                    return true;
                }
            };
        }

        @Override
        public Map<String, DataType> listReadableMetadata() {
            Map<String, DataType> metadata = new LinkedHashMap<>();
            profile.metadata()
                    .forEach(
                            (key, type) ->
                                    metadata.put(key, TypeConversions.fromLogicalToDataType(type)));
            return metadata;
        }

        @Override
        public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
            this.metadataKeys = List.copyOf(keys);
            this.producedType = producedDataType;
        }

        @Override
        public DynamicTableSource copy() {
            Source copy = new Source(format, physicalType, profile, payloads, metadataKeys);
            copy.producedType = producedType;
            return copy;
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** Decodes each payload and appends the metadata columns. */
    private static final class Decode extends RichFlatMapFunction<byte[], RowData> {
        private static final long serialVersionUID = 1L;

        private final DeserializationSchema<RowData> decoder;
        private final ConnectorProfile profile;
        private final List<String> metadataKeys;
        private long index;

        Decode(
                DeserializationSchema<RowData> decoder,
                ConnectorProfile profile,
                List<String> metadataKeys) {
            this.decoder = decoder;
            this.profile = profile;
            this.metadataKeys = metadataKeys;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            decoder.open(
                    RuntimeContextInitializationContextAdapters.deserializationAdapter(
                            getRuntimeContext()));
        }

        @Override
        public void flatMap(byte[] payload, Collector<RowData> out) throws Exception {
            long n = index++;
            List<RowData> rows = new ArrayList<>();
            decoder.deserialize(
                    payload,
                    new Collector<>() {
                        @Override
                        public void collect(RowData row) {
                            rows.add(row);
                        }

                        @Override
                        public void close() {}
                    });
            for (RowData row : rows) {
                GenericRowData metadata = new GenericRowData(metadataKeys.size());
                for (int i = 0; i < metadataKeys.size(); i++) {
                    metadata.setField(i, metadataValue(profile, metadataKeys.get(i), n, payload));
                }
                out.collect(new JoinedRowData(row.getRowKind(), row, metadata));
            }
        }

        /** The fixed value of metadata {@code key} for record {@code n}. */
        static Object metadataValue(ConnectorProfile profile, String key, long n, byte[] payload) {
            switch (key) {
                case "key":
                    return ("key-" + n).getBytes(StandardCharsets.UTF_8);
                case "partition":
                    return StringData.fromString("partition-0");
                case "offset":
                    return profile.metadata().get(key).getTypeRoot() == LogicalTypeRoot.BIGINT
                            ? (Object) n
                            : StringData.fromString(Long.toString(n));
                case "timestamp":
                    return TimestampData.fromEpochMillis(1_000L * n);
                case "subject":
                    return StringData.fromString("subject-" + n);
                case "headers":
                    return new GenericMapData(
                            Map.of(
                                    StringData.fromString("h"),
                                    new GenericArrayData(
                                            new Object[] {StringData.fromString("v" + n)})));
                case "payload":
                    return payload;
                default:
                    throw new IllegalArgumentException("Unknown metadata " + key);
            }
        }
    }
}
