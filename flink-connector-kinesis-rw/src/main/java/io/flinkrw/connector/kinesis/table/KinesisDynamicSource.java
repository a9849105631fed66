package io.flinkrw.connector.kinesis.table;

import io.flinkrw.common.table.LimitsEachReader;
import io.flinkrw.common.table.MetadataReader;
import io.flinkrw.common.table.ProjectsIntoFormat;
import io.flinkrw.common.table.PushDownAbilities;
import io.flinkrw.common.table.SourceScanProvider;
import io.flinkrw.common.table.SourceWatermarkOptions;
import io.flinkrw.common.table.TableRowDeserializer;
import io.flinkrw.common.table.TableSourcePushDowns;
import io.flinkrw.common.table.TakesMetadataAndSourceWatermark;
import io.flinkrw.common.table.TakesWatermark;
import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.source.KinesisSource;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
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
 * built in {@link #getScanRuntimeProvider} from the options and what the planner pushed down:
 *
 * <ul>
 *   <li>the watermark, generated per shard inside the source, or the arrival time of the records
 *       for {@code SOURCE_WATERMARK()};
 *   <li>the projection, into the format (the rw formats skip the fields no column selects);
 *   <li>a limit per reader on bounded reads of an insert-only changelog, and {@code
 *       scan.parallelism}.
 * </ul>
 *
 * <p>{@link #of} builds the class that takes what the table allows ({@link PushDownAbilities}):
 * {@link Limiting} (watermark, projection and limit) for an insert-only changelog, {@link
 * Projecting} for an upsert one, {@link Watermarking} for an upsert one with {@code
 * scan.parallelism} or with push-downs switched off, and this class itself, which takes only
 * metadata and {@code SOURCE_WATERMARK()}, for an insert-only one, when {@code
 * scan.push-down.enabled} is false.
 */
@Internal
public class KinesisDynamicSource implements ScanTableSource, TakesMetadataAndSourceWatermark {

    /** The suffix of the source operator's uid, when the planner generates uids. */
    private static final String UID_SUFFIX = "kinesis-source";

    private final DataType physicalDataType;
    @Nullable private final DecodingFormat<DeserializationSchema<RowData>> decodingFormat;
    @Nullable private final KinesisSourceConfig config;
    private final boolean hasPrimaryKey;
    @Nullable private final Integer parallelism;
    private final String tableIdentifier;
    private final SourceWatermarkOptions sourceWatermarkOptions;

    /** Options that failed validation while they hold secrets Flink would print; see factory. */
    @Nullable private final ValidationException invalidOptions;

    private final TableSourcePushDowns pushDowns;

    /** The table source, of the class that takes the projection and limit the table allows. */
    public static KinesisDynamicSource of(
            DataType physicalDataType,
            DecodingFormat<DeserializationSchema<RowData>> decodingFormat,
            KinesisSourceConfig config,
            boolean hasPrimaryKey,
            @Nullable Integer parallelism,
            String tableIdentifier,
            SourceWatermarkOptions sourceWatermarkOptions,
            boolean pushDownEnabled) {
        KinesisDynamicSource source =
                new KinesisDynamicSource(
                        physicalDataType,
                        decodingFormat,
                        config,
                        hasPrimaryKey,
                        parallelism,
                        tableIdentifier,
                        sourceWatermarkOptions,
                        null);
        switch (PushDownAbilities.of(source.getChangelogMode(), parallelism, pushDownEnabled)) {
            case NONE:
                return source;
            case WATERMARK_ONLY:
            case WATERMARK:
                return new Watermarking(source);
            case WATERMARK_AND_PROJECTION:
                return new Projecting(source);
            default:
                return new Limiting(source);
        }
    }

    private KinesisDynamicSource(
            DataType physicalDataType,
            @Nullable DecodingFormat<DeserializationSchema<RowData>> decodingFormat,
            @Nullable KinesisSourceConfig config,
            boolean hasPrimaryKey,
            @Nullable Integer parallelism,
            String tableIdentifier,
            SourceWatermarkOptions sourceWatermarkOptions,
            @Nullable ValidationException invalidOptions) {
        this.physicalDataType = physicalDataType;
        this.decodingFormat = decodingFormat;
        this.config = config;
        this.hasPrimaryKey = hasPrimaryKey;
        this.parallelism = parallelism;
        this.tableIdentifier = tableIdentifier;
        this.sourceWatermarkOptions = sourceWatermarkOptions;
        this.invalidOptions = invalidOptions;
        this.pushDowns = new TableSourcePushDowns(physicalDataType);
    }

    /** A copy of {@code source}, with copies of what was pushed into it. */
    private KinesisDynamicSource(KinesisDynamicSource source) {
        this.physicalDataType = source.physicalDataType;
        this.decodingFormat = source.decodingFormat;
        this.config = source.config;
        this.hasPrimaryKey = source.hasPrimaryKey;
        this.parallelism = source.parallelism;
        this.tableIdentifier = source.tableIdentifier;
        this.sourceWatermarkOptions = source.sourceWatermarkOptions;
        this.invalidOptions = source.invalidOptions;
        this.pushDowns = source.pushDowns.copy();
    }

    /** A table whose options are invalid; planning it fails with {@code error}. */
    static KinesisDynamicSource invalid(
            DataType physicalDataType, String tableIdentifier, ValidationException error) {
        return new KinesisDynamicSource(
                physicalDataType,
                null,
                null,
                false,
                null,
                tableIdentifier,
                SourceWatermarkOptions.NONE,
                error);
    }

    private void checkValid() {
        if (invalidOptions != null) {
            throw invalidOptions;
        }
    }

    @Override
    public ChangelogMode getChangelogMode() {
        checkValid();
        return TableRowDeserializer.changelogMode(decodingFormat.getChangelogMode(), hasPrimaryKey);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        checkValid();
        DeserializationSchema<RowData> payloadFormat =
                pushDowns.payloadDecoder(decodingFormat, context);
        List<MetadataReader<KinesisRecord>> metadataReaders = new ArrayList<>();
        for (String key : pushDowns.metadataKeys()) {
            metadataReaders.add(KinesisReadableMetadata.ofKey(key).reader());
        }
        TableRowDeserializer<KinesisRecord> rows =
                new TableRowDeserializer<>(
                        payloadFormat, KinesisRecord::data, metadataReaders, hasPrimaryKey);
        KinesisSource<RowData> source =
                KinesisSource.create(
                        config,
                        new RowDataKinesisDeserializationSchema(
                                rows, context.createTypeInformation(pushDowns.producedDataType())),
                        pushDowns.limit(),
                        hasPrimaryKey);
        return new SourceScanProvider(
                source,
                pushDowns.watermarkStrategy(sourceWatermarkOptions),
                "KinesisSource-" + tableIdentifier,
                UID_SUFFIX,
                parallelism);
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
    public DynamicTableSource copy() {
        return new KinesisDynamicSource(this);
    }

    @Override
    public String asSummaryString() {
        return config == null ? "Kinesis" : "Kinesis(" + config.stream() + ")";
    }

    /** The validated settings, for tests; null when the options are invalid. */
    @Nullable
    KinesisSourceConfig config() {
        return config;
    }

    @Override
    public TableSourcePushDowns pushDowns() {
        return pushDowns;
    }

    /** The table's format; null when the options are invalid. */
    @Nullable
    public DecodingFormat<DeserializationSchema<RowData>> decodingFormat() {
        return decodingFormat;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        KinesisDynamicSource that = (KinesisDynamicSource) o;
        return hasPrimaryKey == that.hasPrimaryKey
                && physicalDataType.equals(that.physicalDataType)
                && Objects.equals(decodingFormat, that.decodingFormat)
                && Objects.equals(config, that.config)
                && Objects.equals(parallelism, that.parallelism)
                && tableIdentifier.equals(that.tableIdentifier)
                && sourceWatermarkOptions.equals(that.sourceWatermarkOptions)
                && pushDowns.equals(that.pushDowns)
                && Objects.equals(
                        invalidOptions == null ? null : invalidOptions.getMessage(),
                        that.invalidOptions == null ? null : that.invalidOptions.getMessage());
    }

    @Override
    public String toString() {
        return "KinesisDynamicSource{"
                + tableIdentifier
                + ", physicalDataType="
                + physicalDataType
                + ", format="
                + decodingFormat
                + ", config="
                + config
                + ", upsert="
                + hasPrimaryKey
                + ", parallelism="
                + parallelism
                + ", "
                + pushDowns
                + '}';
    }

    @Override
    public int hashCode() {
        return Objects.hash(physicalDataType, config, hasPrimaryKey, pushDowns);
    }

    /** A Kinesis table source that also generates the watermark of an expression per shard. */
    static class Watermarking extends KinesisDynamicSource implements TakesWatermark {

        private Watermarking(KinesisDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Watermarking(this);
        }
    }

    /** A Kinesis table source that also takes the planner's projection into the format. */
    static class Projecting extends Watermarking implements ProjectsIntoFormat {

        private Projecting(KinesisDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Projecting(this);
        }
    }

    /** A Kinesis table source of an insert-only changelog: also takes a limit per reader. */
    static final class Limiting extends Projecting implements LimitsEachReader {

        private Limiting(KinesisDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Limiting(this);
        }
    }
}
