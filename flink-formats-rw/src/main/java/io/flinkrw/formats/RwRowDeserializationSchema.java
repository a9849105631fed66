package io.flinkrw.formats;

import io.flinkrw.common.source.ParseErrorCounter;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three formats' deserialization schemas share: a payload that cannot be decoded fails
 * with a message that names the format, the byte offset and the payload length, or, with {@code
 * ignore-parse-errors}, is skipped, counted in the source's {@code numRecordsInErrors} and logged
 * (at most one warning every ten seconds). Only decoding is guarded: an exception thrown by the
 * collector (downstream) is never swallowed.
 *
 * <p>Subclasses build their decoder plan in {@link #openDecoder}; the task managers never fetch a
 * schema, they rebuild the plan from the schema text shipped inside the subclass. The decoder
 * counts the fields it reads and skips in {@link #fieldCounts()}, published as metrics.
 */
public abstract class RwRowDeserializationSchema implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RwRowDeserializationSchema.class);
    private static final long WARN_INTERVAL_NANOS = 10_000_000_000L;
    private static final int HEX_PREFIX_BYTES = 16;

    /** The gauge of {@link FieldCounts#read()}, in the metric group named after the format. */
    public static final String NUM_FIELDS_READ = "numFieldsRead";

    /** The gauge of {@link FieldCounts#skipped()}, in the metric group named after the format. */
    public static final String NUM_FIELDS_SKIPPED = "numFieldsSkipped";

    private final String formatName;
    private final boolean ignoreParseErrors;
    private final TypeInformation<RowData> producedType;

    private transient Counter errorCounter;
    private transient FieldCounts fieldCounts;
    private transient List<RowData> rowBuffer;
    private transient long lastWarnNanos;
    private transient long skippedSinceWarn;

    protected RwRowDeserializationSchema(
            String formatName, boolean ignoreParseErrors, TypeInformation<RowData> producedType) {
        this.formatName = formatName;
        this.ignoreParseErrors = ignoreParseErrors;
        this.producedType = producedType;
    }

    @Override
    public final void open(InitializationContext context) throws Exception {
        errorCounter = ParseErrorCounter.of(context);
        rowBuffer = new ArrayList<>();
        lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;
        fieldCounts = new FieldCounts();
        registerFieldMetrics(context.getMetricGroup(), fieldCounts);
        openDecoder(context);
    }

    private void registerFieldMetrics(MetricGroup metrics, FieldCounts counts) {
        MetricGroup group = metrics.addGroup(formatName);
        group.gauge(NUM_FIELDS_READ, (Gauge<Long>) counts::read);
        group.gauge(NUM_FIELDS_SKIPPED, (Gauge<Long>) counts::skipped);
    }

    /**
     * The fields this decoder has read and skipped since it was opened: what projection push-down
     * saves. Only after {@link #open}.
     */
    public FieldCounts fieldCounts() {
        return fieldCounts;
    }

    /** Builds the decoder plan; called once per parallel instance. */
    protected abstract void openDecoder(InitializationContext context) throws Exception;

    /** Decodes a payload that holds one record. */
    protected abstract RowData decodeRow(byte[] message) throws IOException;

    /** Whether a payload may hold several records; then {@link #decodeRows} is used. */
    protected boolean mayProduceManyRows() {
        return false;
    }

    /** Decodes a payload into all the rows it holds. */
    protected void decodeRows(byte[] message, List<RowData> rows) throws IOException {
        rows.add(decodeRow(message));
    }

    @Override
    public final RowData deserialize(byte[] message) throws IOException {
        if (message == null) {
            return null;
        }
        if (!mayProduceManyRows()) {
            try {
                return decodeRow(message);
            } catch (IOException | RuntimeException e) {
                onError(message, e);
                return null;
            }
        }
        List<RowData> rows = decodeAll(message);
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        if (rows.size() > 1) {
            throw new IOException(
                    String.format(
                            "%s: the payload holds %d records; use deserialize(byte[], Collector)",
                            formatName, rows.size()));
        }
        return rows.get(0);
    }

    @Override
    public final void deserialize(byte[] message, Collector<RowData> out) throws IOException {
        if (message == null) {
            return;
        }
        if (!mayProduceManyRows()) {
            RowData row;
            try {
                row = decodeRow(message);
            } catch (IOException | RuntimeException e) {
                onError(message, e);
                return;
            }
            out.collect(row);
            return;
        }
        List<RowData> rows = decodeAll(message);
        if (rows != null) {
            for (RowData row : rows) {
                out.collect(row);
            }
        }
    }

    private List<RowData> decodeAll(byte[] message) throws IOException {
        rowBuffer.clear();
        try {
            decodeRows(message, rowBuffer);
        } catch (IOException | RuntimeException e) {
            rowBuffer.clear();
            onError(message, e);
            return null;
        }
        return rowBuffer;
    }

    private void onError(byte[] message, Exception e) throws IOException {
        String description = describe(message, e);
        if (!ignoreParseErrors) {
            throw new IOException(description, e);
        }
        errorCounter.inc();
        skippedSinceWarn++;
        long now = System.nanoTime();
        if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            LOG.warn(
                    "Skipped {} undecodable record(s) ('{}.ignore-parse-errors' is true); the"
                            + " last: {}",
                    skippedSinceWarn,
                    formatName,
                    description);
            lastWarnNanos = now;
            skippedSinceWarn = 0;
        }
    }

    private String describe(byte[] message, Exception e) {
        long offset = e instanceof DecodeException ? ((DecodeException) e).offset() : -1;
        String reason =
                e instanceof DecodeException
                        ? ((DecodeException) e).reason()
                        : e.getClass().getSimpleName()
                                + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return String.format(
                "%s: cannot decode the payload (%d bytes, starting %s)%s: %s",
                formatName,
                message.length,
                hexPrefix(message),
                offset >= 0 ? " at byte offset " + offset : "",
                reason);
    }

    private static String hexPrefix(byte[] message) {
        StringBuilder hex = new StringBuilder();
        int n = Math.min(message.length, HEX_PREFIX_BYTES);
        for (int i = 0; i < n; i++) {
            hex.append(Character.forDigit((message[i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(message[i] & 0xF, 16));
        }
        if (message.length > n) {
            hex.append("...");
        }
        return n == 0 ? "<empty>" : hex.toString();
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** The format's identifier, e.g. {@code rw-avro}. */
    public String formatName() {
        return formatName;
    }

    public boolean ignoresParseErrors() {
        return ignoreParseErrors;
    }
}
