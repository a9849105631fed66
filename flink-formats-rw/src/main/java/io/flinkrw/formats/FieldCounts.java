package io.flinkrw.formats;

import org.apache.flink.annotation.PublicEvolving;

/**
 * How many fields a decoder has read and skipped so far. Every record, message or object the
 * decoder walks counts its fields: one it converts into the row counts as read, one it passes over
 * because no column selects it (or the table does not know it) counts as skipped. A field of which
 * only some subfields are selected counts through those subfields.
 *
 * <p>The decoder updates the counts once per record it walks, not per field. They are published as
 * the gauges {@code numFieldsRead} and {@code numFieldsSkipped} in the format's metric group (named
 * after the format, e.g. {@code rw-avro}) under the source reader's metrics. Read them from the
 * decoding thread, or as metrics (then they may lag a little).
 */
@PublicEvolving
public final class FieldCounts {

    private long read;
    private long skipped;

    /** Adds the fields of one record. */
    public void add(long readFields, long skippedFields) {
        read += readFields;
        skipped += skippedFields;
    }

    /** The fields converted into rows so far. */
    public long read() {
        return read;
    }

    /** The fields passed over without conversion so far. */
    public long skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "FieldCounts{read=" + read + ", skipped=" + skipped + '}';
    }
}
