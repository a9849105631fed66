package io.flinkrw.connector.nats.table;

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
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A NATS JetStream table: rows decoded by the table's format, metadata columns appended, and an
 * upsert changelog when the table declares a primary key. The runtime source is assembled in one
 * place, {@link #getScanRuntimeProvider}, from the options and what the planner pushed down:
 *
 * <ul>
 *   <li>the watermark, generated per split (per subject) inside the source, or the stored time of
 *       the messages for {@code SOURCE_WATERMARK()};
 *   <li>the projection, into the format (the rw formats skip the fields no column selects);
 *   <li>{@code subject = '...'} / {@code subject IN (...)} on the {@code subject} metadata column,
 *       which narrows the subjects read (one split per published subject), on an insert-only
 *       changelog;
 *   <li>a limit per reader on bounded reads of an insert-only changelog, and {@code
 *       scan.parallelism}.
 * </ul>
 *
 * <p>{@link #of} builds the class that takes what the table allows ({@link PushDownAbilities}):
 * {@link Limiting} (watermark, projection and limit) for an insert-only changelog, {@link
 * Projecting} for an upsert one, {@link Watermarking} for an upsert one with {@code
 * scan.parallelism} or with push-downs switched off, and this class itself, which takes only
 * metadata and {@code SOURCE_WATERMARK()}, for an insert-only one and no filter, when {@code
 * scan.push-down.enabled} is false.
 */
@Internal
public class NatsDynamicSource
        implements ScanTableSource, TakesMetadataAndSourceWatermark, SupportsFilterPushDown {

    private static final Logger LOG = LoggerFactory.getLogger(NatsDynamicSource.class);

    /** The suffix of the source operator's uid, when the planner generates uids. */
    private static final String UID_SUFFIX = "nats-source";

    @Nullable private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalDataType;
    private final boolean hasPrimaryKey;
    private final String tableIdentifier;
    @Nullable private final Integer parallelism;
    private final SourceWatermarkOptions sourceWatermarkOptions;

    /** The names of the table's columns that hold the {@code subject} metadata. */
    private final Set<String> subjectColumns;

    /** Whether the table takes filters: false when push-downs are switched off. */
    private final boolean takesFilters;

    /** Options that failed validation while they hold secrets Flink would print; see factory. */
    @Nullable private final ValidationException invalidOptions;

    /** The options; narrowed to the subjects a pushed filter allows. */
    @Nullable private NatsSourceConfig config;

    private final TableSourcePushDowns pushDowns;

    /**
     * The table source of valid options, of the class that takes the projection and limit the table
     * allows.
     */
    static NatsDynamicSource of(
            NatsSourceConfig config,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalDataType,
            boolean hasPrimaryKey,
            String tableIdentifier,
            @Nullable Integer parallelism,
            SourceWatermarkOptions sourceWatermarkOptions,
            Set<String> subjectColumns,
            boolean pushDownEnabled) {
        PushDownAbilities abilities =
                PushDownAbilities.of(
                        TableRowDeserializer.changelogMode(
                                format.getChangelogMode(), hasPrimaryKey),
                        parallelism,
                        pushDownEnabled);
        NatsDynamicSource source =
                new NatsDynamicSource(
                        config,
                        format,
                        physicalDataType,
                        hasPrimaryKey,
                        tableIdentifier,
                        parallelism,
                        sourceWatermarkOptions,
                        subjectColumns,
                        abilities.filters(),
                        null);
        switch (abilities) {
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

    private NatsDynamicSource(
            @Nullable NatsSourceConfig config,
            @Nullable DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalDataType,
            boolean hasPrimaryKey,
            String tableIdentifier,
            @Nullable Integer parallelism,
            SourceWatermarkOptions sourceWatermarkOptions,
            Set<String> subjectColumns,
            boolean takesFilters,
            @Nullable ValidationException invalidOptions) {
        this.config = config;
        this.format = format;
        this.physicalDataType = physicalDataType;
        this.hasPrimaryKey = hasPrimaryKey;
        this.tableIdentifier = tableIdentifier;
        this.parallelism = parallelism;
        this.sourceWatermarkOptions = sourceWatermarkOptions;
        this.subjectColumns = Set.copyOf(subjectColumns);
        this.takesFilters = takesFilters;
        this.invalidOptions = invalidOptions;
        this.pushDowns = new TableSourcePushDowns(physicalDataType);
    }

    /** A copy of {@code source}, with copies of what was pushed into it. */
    private NatsDynamicSource(NatsDynamicSource source) {
        this.config = source.config;
        this.format = source.format;
        this.physicalDataType = source.physicalDataType;
        this.hasPrimaryKey = source.hasPrimaryKey;
        this.tableIdentifier = source.tableIdentifier;
        this.parallelism = source.parallelism;
        this.sourceWatermarkOptions = source.sourceWatermarkOptions;
        this.subjectColumns = source.subjectColumns;
        this.takesFilters = source.takesFilters;
        this.invalidOptions = source.invalidOptions;
        this.pushDowns = source.pushDowns.copy();
    }

    /** A table whose options are invalid; planning it fails with {@code error}. */
    static NatsDynamicSource invalid(
            DataType physicalDataType, String tableIdentifier, ValidationException error) {
        return new NatsDynamicSource(
                null,
                null,
                physicalDataType,
                false,
                tableIdentifier,
                null,
                SourceWatermarkOptions.NONE,
                Set.of(),
                false,
                error);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        checkValid();
        return TableRowDeserializer.changelogMode(format.getChangelogMode(), hasPrimaryKey);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        checkValid();
        DeserializationSchema<RowData> payloadFormat = pushDowns.payloadDecoder(format, context);
        List<MetadataReader<NatsRecord>> metadata = new ArrayList<>();
        for (String key : pushDowns.metadataKeys()) {
            metadata.add(NatsReadableMetadata.of(key));
        }
        TableRowDeserializer<NatsRecord> rows =
                new TableRowDeserializer<>(
                        payloadFormat, NatsRecord::payload, metadata, hasPrimaryKey);
        TypeInformation<RowData> producedType =
                context.createTypeInformation(pushDowns.producedDataType());
        NatsJetStreamSource<RowData> source =
                NatsJetStreamSource.create(
                        config,
                        new RowDataNatsRecordDeserializer(rows, producedType),
                        pushDowns.limit());
        return new SourceScanProvider(
                source,
                pushDowns.watermarkStrategy(sourceWatermarkOptions),
                "NatsSource-" + tableIdentifier,
                UID_SUFFIX,
                parallelism);
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

    /**
     * Takes the predicates that only let some subjects through ({@link SubjectFilter}) and reads
     * only those subjects: the ones an entry of the {@code subject} option matches, each its own
     * split. When none is matched, nothing is read. The rest stays with the planner, and so does
     * every predicate of a table whose changelog is not insert-only (see {@link
     * TableSourcePushDowns#canPushFilters}), and all of them when push-downs are switched off.
     */
    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        if (config == null
                || !takesFilters
                || !TableSourcePushDowns.canPushFilters(getChangelogMode())) {
            return Result.of(List.of(), filters);
        }
        List<ResolvedExpression> accepted = new ArrayList<>();
        List<ResolvedExpression> remaining = new ArrayList<>();
        Set<String> wanted = null;
        for (ResolvedExpression filter : filters) {
            Set<String> subjects = SubjectFilter.subjectsOf(filter, subjectColumns);
            if (subjects == null) {
                remaining.add(filter);
                continue;
            }
            accepted.add(filter);
            if (wanted == null) {
                wanted = new LinkedHashSet<>(subjects);
            } else {
                wanted.retainAll(subjects);
            }
        }
        if (wanted == null) {
            return Result.of(List.of(), filters);
        }
        try {
            config = config.narrowedTo(wanted);
        } catch (ValidationException e) {
            LOG.info("Not narrowing the subjects of {} to {}: {}", tableIdentifier, wanted, e);
            return Result.of(List.of(), filters);
        }
        return Result.of(accepted, remaining);
    }

    @Override
    public DynamicTableSource copy() {
        return new NatsDynamicSource(this);
    }

    @Override
    public String asSummaryString() {
        return "NATS JetStream";
    }

    /** The validated options, narrowed by pushed filters; for tests. */
    @Nullable
    NatsSourceConfig config() {
        return config;
    }

    @Override
    public TableSourcePushDowns pushDowns() {
        return pushDowns;
    }

    /** The table's format; null when the options are invalid. */
    @Nullable
    public DecodingFormat<DeserializationSchema<RowData>> decodingFormat() {
        return format;
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        NatsDynamicSource that = (NatsDynamicSource) o;
        return hasPrimaryKey == that.hasPrimaryKey
                && Objects.equals(config, that.config)
                && Objects.equals(format, that.format)
                && physicalDataType.equals(that.physicalDataType)
                && tableIdentifier.equals(that.tableIdentifier)
                && Objects.equals(parallelism, that.parallelism)
                && sourceWatermarkOptions.equals(that.sourceWatermarkOptions)
                && subjectColumns.equals(that.subjectColumns)
                && takesFilters == that.takesFilters
                && pushDowns.equals(that.pushDowns)
                && Objects.equals(
                        invalidOptions == null ? null : invalidOptions.getMessage(),
                        that.invalidOptions == null ? null : that.invalidOptions.getMessage());
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, format, physicalDataType, hasPrimaryKey, pushDowns);
    }

    @Override
    public String toString() {
        return "NatsDynamicSource{"
                + tableIdentifier
                + ", "
                + config
                + ", format="
                + format
                + ", upsert="
                + hasPrimaryKey
                + ", parallelism="
                + parallelism
                + ", "
                + pushDowns
                + '}';
    }

    /** A NATS table source that also generates the watermark of an expression per split. */
    static class Watermarking extends NatsDynamicSource implements TakesWatermark {

        private Watermarking(NatsDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Watermarking(this);
        }
    }

    /** A NATS table source that also takes the planner's projection into the format. */
    static class Projecting extends Watermarking implements ProjectsIntoFormat {

        private Projecting(NatsDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Projecting(this);
        }
    }

    /** A NATS table source of an insert-only changelog: also takes a limit per reader. */
    static final class Limiting extends Projecting implements LimitsEachReader {

        private Limiting(NatsDynamicSource source) {
            super(source);
        }

        @Override
        public DynamicTableSource copy() {
            return new Limiting(this);
        }
    }
}
