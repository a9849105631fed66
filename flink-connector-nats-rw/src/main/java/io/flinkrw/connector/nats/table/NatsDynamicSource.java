package io.flinkrw.connector.nats.table;

import io.flinkrw.common.table.MetadataReader;
import io.flinkrw.common.table.TableRowDeserializer;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsJetStreamSource;
import io.flinkrw.connector.nats.source.NatsRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.api.ValidationException;
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
 * A NATS JetStream table: rows decoded by the table's format, metadata columns appended, and an
 * upsert changelog when the table declares a primary key. The runtime source is assembled in one
 * place, {@link #getScanRuntimeProvider}, so push-downs can be added there.
 */
@Internal
public final class NatsDynamicSource implements ScanTableSource, SupportsReadingMetadata {

    @Nullable private final NatsSourceConfig config;
    @Nullable private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalDataType;
    private final boolean hasPrimaryKey;

    /** Options that failed validation while they hold secrets Flink would print; see factory. */
    @Nullable private final ValidationException invalidOptions;

    private List<String> metadataKeys = new ArrayList<>();
    private DataType producedDataType;

    NatsDynamicSource(
            NatsSourceConfig config,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalDataType,
            boolean hasPrimaryKey) {
        this(config, format, physicalDataType, hasPrimaryKey, null);
    }

    private NatsDynamicSource(
            @Nullable NatsSourceConfig config,
            @Nullable DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalDataType,
            boolean hasPrimaryKey,
            @Nullable ValidationException invalidOptions) {
        this.config = config;
        this.format = format;
        this.physicalDataType = physicalDataType;
        this.hasPrimaryKey = hasPrimaryKey;
        this.invalidOptions = invalidOptions;
        this.producedDataType = physicalDataType;
    }

    /** A table whose options are invalid; planning it fails with {@code error}. */
    static NatsDynamicSource invalid(DataType physicalDataType, ValidationException error) {
        return new NatsDynamicSource(null, null, physicalDataType, false, error);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        checkValid();
        return TableRowDeserializer.changelogMode(format.getChangelogMode(), hasPrimaryKey);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        checkValid();
        DeserializationSchema<RowData> payloadFormat =
                format.createRuntimeDecoder(context, physicalDataType);
        List<MetadataReader<NatsRecord>> metadata = new ArrayList<>();
        for (String key : metadataKeys) {
            metadata.add(NatsReadableMetadata.of(key));
        }
        TableRowDeserializer<NatsRecord> rows =
                new TableRowDeserializer<>(
                        payloadFormat, NatsRecord::payload, metadata, hasPrimaryKey);
        TypeInformation<RowData> producedType = context.createTypeInformation(producedDataType);
        return SourceProvider.of(
                NatsJetStreamSource.create(
                        config, new RowDataNatsRecordDeserializer(rows, producedType)));
    }

    private void checkValid() {
        if (invalidOptions != null) {
            throw invalidOptions;
        }
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> metadata = new LinkedHashMap<>();
        for (NatsReadableMetadata m : NatsReadableMetadata.values()) {
            metadata.put(m.key(), m.dataType());
        }
        return metadata;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
        this.producedDataType = producedDataType;
    }

    @Override
    public DynamicTableSource copy() {
        NatsDynamicSource copy =
                new NatsDynamicSource(
                        config, format, physicalDataType, hasPrimaryKey, invalidOptions);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        copy.producedDataType = producedDataType;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "NATS JetStream";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NatsDynamicSource)) {
            return false;
        }
        NatsDynamicSource that = (NatsDynamicSource) o;
        return hasPrimaryKey == that.hasPrimaryKey
                && Objects.equals(config, that.config)
                && Objects.equals(format, that.format)
                && physicalDataType.equals(that.physicalDataType)
                && metadataKeys.equals(that.metadataKeys)
                && producedDataType.equals(that.producedDataType)
                && Objects.equals(
                        invalidOptions == null ? null : invalidOptions.getMessage(),
                        that.invalidOptions == null ? null : that.invalidOptions.getMessage());
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, format, physicalDataType, hasPrimaryKey, metadataKeys);
    }
}
