package io.flinkrw.formats;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Preconditions;

import javax.annotation.Nullable;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the DataStream builders of the rw formats share: options given one by one or as the
 * RisingWave {@code ENCODE (...)} map as it is (keys with or without the format prefix, unknown
 * keys rejected), and the columns to produce.
 *
 * @param <B> the concrete builder
 */
public abstract class RwFormatBuilder<B extends RwFormatBuilder<B>> {

    private final String formatName;
    private final Map<String, String> options = new HashMap<>();
    @Nullable private RowType rowType;

    protected RwFormatBuilder(String formatName) {
        this.formatName = formatName;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets one format option, e.g. {@code ("aws.region", "eu-west-1")}; the key may carry the
     * format prefix ({@code rw-avro.aws.region}).
     */
    public B setProperty(String key, String value) {
        Preconditions.checkNotNull(key, "key");
        Preconditions.checkNotNull(value, "value of %s", key);
        options.put(
                key.startsWith(formatName + ".") ? key.substring(formatName.length() + 1) : key,
                value);
        return self();
    }

    /** Sets format options, e.g. a RisingWave source's {@code ENCODE (...)} options as they are. */
    public B setProperties(Map<String, String> properties) {
        properties.forEach(this::setProperty);
        return self();
    }

    /** Skip undecodable payloads (counted in {@code numRecordsInErrors}) instead of failing. */
    public B setIgnoreParseErrors(boolean ignoreParseErrors) {
        return setProperty(
                RwFormatOptions.IGNORE_PARSE_ERRORS.key(), String.valueOf(ignoreParseErrors));
    }

    /** The columns to produce, as a ROW type. */
    public B setRowType(RowType rowType) {
        this.rowType = Preconditions.checkNotNull(rowType, "rowType");
        return self();
    }

    /** The columns to produce, as a ROW data type, e.g. {@code DataTypes.ROW(...)}. */
    public B setColumns(DataType rowDataType) {
        LogicalType type = rowDataType.getLogicalType();
        Preconditions.checkArgument(type instanceof RowType, "The columns must be a ROW type");
        return setRowType((RowType) type);
    }

    /** The options given so far, checked for unknown keys, as a configuration. */
    protected Configuration options(Set<ConfigOption<?>> required, Set<ConfigOption<?>> optional) {
        Set<ConfigOption<?>> all = new HashSet<>(required);
        all.addAll(optional);
        RwFormatOptions.checkKnownKeys(formatName, options, all);
        return Configuration.fromMap(options);
    }

    @Nullable
    protected RowType rowType() {
        return rowType;
    }
}
