package io.flinkrw.common.table;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Turns one connector record into the rows a table source emits: the payload decoded by the table's
 * format, followed by the requested metadata columns in their declared order, and marked as upserts
 * when the table declares a primary key (a later row with the same key replaces the earlier one, as
 * in a RisingWave table with a key).
 *
 * @param <R> the connector's record type
 */
public final class TableRowDeserializer<R> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> payloadFormat;
    private final PayloadReader<R> payloadReader;
    private final List<MetadataReader<R>> metadataReaders;
    private final boolean upsert;

    private transient AppendingCollector<R> appending;

    /**
     * @param payloadFormat decodes the physical columns from the payload
     * @param payloadReader the payload of a record
     * @param metadataReaders one per requested metadata column, in the produced order
     * @param upsert whether rows are upserts by primary key (see {@link #changelogMode})
     */
    public TableRowDeserializer(
            DeserializationSchema<RowData> payloadFormat,
            PayloadReader<R> payloadReader,
            List<MetadataReader<R>> metadataReaders,
            boolean upsert) {
        this.payloadFormat = payloadFormat;
        this.payloadReader = payloadReader;
        this.metadataReaders = List.copyOf(metadataReaders);
        this.upsert = upsert;
    }

    /**
     * The changelog a table source produces: the format's own, except that an insert-only format on
     * a table with a primary key gives an upsert changelog.
     */
    public static ChangelogMode changelogMode(ChangelogMode formatMode, boolean hasPrimaryKey) {
        return hasPrimaryKey && formatMode.containsOnly(RowKind.INSERT)
                ? ChangelogMode.upsert()
                : formatMode;
    }

    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        payloadFormat.open(context);
        appending = new AppendingCollector<>(metadataReaders, upsert);
    }

    /** Decodes {@code record} into zero or more rows (a format may skip or split a record). */
    public void deserialize(R record, Collector<RowData> out) throws IOException {
        byte[] payload = payloadReader.read(record);
        if (metadataReaders.isEmpty() && !upsert) {
            payloadFormat.deserialize(payload, out);
            return;
        }
        appending.record = record;
        appending.out = out;
        try {
            payloadFormat.deserialize(payload, appending);
        } finally {
            appending.record = null;
            appending.out = null;
        }
    }

    /** Appends the metadata of the current record to each decoded row and sets its kind. */
    private static final class AppendingCollector<R> implements Collector<RowData> {
        private final List<MetadataReader<R>> readers;
        private final boolean upsert;
        private R record;
        private Collector<RowData> out;

        AppendingCollector(List<MetadataReader<R>> readers, boolean upsert) {
            this.readers = readers;
            this.upsert = upsert;
        }

        @Override
        public void collect(RowData physical) {
            if (upsert && physical.getRowKind() == RowKind.INSERT) {
                physical.setRowKind(RowKind.UPDATE_AFTER);
            }
            if (readers.isEmpty()) {
                out.collect(physical);
                return;
            }
            GenericRowData metadata = new GenericRowData(readers.size());
            for (int i = 0; i < readers.size(); i++) {
                metadata.setField(i, readers.get(i).read(record));
            }
            out.collect(new JoinedRowData(physical.getRowKind(), physical, metadata));
        }

        @Override
        public void close() {}
    }
}
