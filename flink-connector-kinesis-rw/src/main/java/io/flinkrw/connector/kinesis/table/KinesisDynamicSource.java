package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.table.MetadataReader;
import io.flinkrw.common.table.TableRowDeserializer;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.KinesisSource;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code kinesis} table source: the table's format decodes the payload, metadata columns are
 * appended, and a declared primary key makes the rows an upsert changelog. The whole source is
 * built in {@link #getScanRuntimeProvider}, the one place later push-downs extend.
 */
@Internal
public final class KinesisDynamicSource implements ScanTableSource, SupportsReadingMetadata {

    private final DataType physicalDataType;
    private final DecodingFormat<DeserializationSchema<RowData>> decodingFormat;
    private final KinesisSourceConfig config;
    private final boolean hasPrimaryKey;
    @Nullable private final Integer parallelism;

    private List<String> metadataKeys = List.of();
    private DataType producedDataType;

    public KinesisDynamicSource(
            DataType physicalDataType,
            DecodingFormat<DeserializationSchema<RowData>> decodingFormat,
            KinesisSourceConfig config,
            boolean hasPrimaryKey,
            @Nullable Integer parallelism) {
        this.physicalDataType = physicalDataType;
        this.decodingFormat = decodingFormat;
        this.config = config;
        this.hasPrimaryKey = hasPrimaryKey;
        this.parallelism = parallelism;
        this.producedDataType = physicalDataType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return TableRowDeserializer.changelogMode(decodingFormat.getChangelogMode(), hasPrimaryKey);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> payloadFormat =
                decodingFormat.createRuntimeDecoder(context, physicalDataType);
        List<MetadataReader<KinesisRecord>> metadataReaders = new ArrayList<>();
        for (String key : metadataKeys) {
            metadataReaders.add(KinesisReadableMetadata.ofKey(key).reader());
        }
        TableRowDeserializer<KinesisRecord> rows =
                new TableRowDeserializer<>(
                        payloadFormat, KinesisRecord::data, metadataReaders, hasPrimaryKey);
        KinesisSource<RowData> source =
                KinesisSource.create(
                        config,
                        new RowDataKinesisDeserializationSchema(
                                rows, context.createTypeInformation(producedDataType)));
        return SourceProvider.of(source, parallelism);
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        for (KinesisReadableMetadata m : KinesisReadableMetadata.values()) {
            metadata.put(m.key(), m.dataType());
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
        this.producedDataType = producedDataType;
    }

    @Override
    public DynamicTableSource copy() {
        KinesisDynamicSource copy =
                new KinesisDynamicSource(
                        physicalDataType, decodingFormat, config, hasPrimaryKey, parallelism);
        copy.metadataKeys = metadataKeys;
        copy.producedDataType = producedDataType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Kinesis(" + config.stream() + ")";
    }

    /** The validated settings, for tests. */
    KinesisSourceConfig config() {
        return config;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KinesisDynamicSource)) {
            return false;
        }
        KinesisDynamicSource that = (KinesisDynamicSource) o;
        return hasPrimaryKey == that.hasPrimaryKey
                && physicalDataType.equals(that.physicalDataType)
                && decodingFormat.equals(that.decodingFormat)
                && config.equals(that.config)
                && Objects.equals(parallelism, that.parallelism)
                && metadataKeys.equals(that.metadataKeys)
                && producedDataType.equals(that.producedDataType);
    }

    @Override
    public String toString() {
        return "KinesisDynamicSource{physicalDataType="
                + physicalDataType
                + ", format="
                + decodingFormat
                + ", config="
                + config
                + ", upsert="
                + hasPrimaryKey
                + ", parallelism="
                + parallelism
                + ", metadataKeys="
                + metadataKeys
                + '}';
    }

    @Override
    public int hashCode() {
        return Objects.hash(physicalDataType, config, hasPrimaryKey, metadataKeys);
    }
}
