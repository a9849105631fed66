package io.flinkrw.formats.avro;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.schema.ColumnList;
import io.flinkrw.formats.schema.ColumnMismatchException;
import io.flinkrw.formats.schema.SchemaFetchConfig;
import io.flinkrw.formats.schema.SchemaFetcher;
import io.flinkrw.formats.schema.SchemaLocationException;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Avro schema a table decodes with: the {@code .avsc} text as fetched from the location and the
 * record in it that each message holds. It travels inside the deserializer, which parses it again
 * on the task managers.
 */
public final class AvroTableSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String avsc;
    @Nullable private final String recordName;
    private final String origin;

    private transient Schema record;

    private AvroTableSchema(
            String avsc, @Nullable String recordName, String origin, Schema record) {
        this.avsc = avsc;
        this.recordName = recordName;
        this.origin = origin;
        this.record = record;
    }

    /** Fetches the {@code .avsc} at the configured location and parses it. */
    public static AvroTableSchema load(SchemaFetchConfig config, @Nullable String recordName) {
        byte[] bytes;
        try (SchemaFetcher fetcher = new SchemaFetcher(config)) {
            bytes = fetcher.fetch();
        }
        try {
            return parse(
                    new String(bytes, StandardCharsets.UTF_8),
                    recordName,
                    "schema at " + config.location());
        } catch (ValidationException e) {
            throw new SchemaLocationException(
                    SchemaLocationException.Kind.INVALID_SCHEMA,
                    config.formatName() + ": " + e.getMessage(),
                    e.getCause());
        }
    }

    /**
     * Parses {@code avsc}; {@code recordName} picks a named record in it (else the schema itself
     * must be a record). {@code origin} says where the schema came from, for messages.
     */
    public static AvroTableSchema parse(String avsc, @Nullable String recordName, String origin) {
        Schema.Parser parser = new Schema.Parser();
        Schema schema;
        try {
            schema = parser.parse(avsc);
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "the " + origin + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        Schema record = select(schema, parser.getTypes(), recordName, origin);
        return new AvroTableSchema(avsc, recordName, origin, record);
    }

    private static Schema select(
            Schema schema, Map<String, Schema> named, @Nullable String recordName, String origin) {
        if (recordName != null) {
            String name = recordName.startsWith(".") ? recordName.substring(1) : recordName;
            Schema found = named.get(name);
            if (found == null) {
                List<Schema> bySimpleName =
                        named.values().stream()
                                .filter(s -> s.getName().equals(name))
                                .collect(Collectors.toList());
                found = bySimpleName.size() == 1 ? bySimpleName.get(0) : null;
            }
            if (found == null || found.getType() != Schema.Type.RECORD) {
                throw new ValidationException(
                        String.format(
                                "the %s has no record named '%s'; its records are %s",
                                origin, recordName, recordNames(named)));
            }
            return found;
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new ValidationException(
                    String.format(
                            "the %s is %s, not a record; name the record to read with the"
                                    + " 'message' option (records: %s)",
                            origin, AvroTypeMapping.describe(schema), recordNames(named)));
        }
        return schema;
    }

    private static String recordNames(Map<String, Schema> named) {
        return named.values().stream()
                .filter(s -> s.getType() == Schema.Type.RECORD)
                .map(Schema::getFullName)
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The record each message holds. */
    public Schema record() {
        if (record == null) {
            record = parse(avsc, recordName, origin).record;
        }
        return record;
    }

    /** What the schema is, for messages, e.g. {@code record shop.Order in the schema at ...}. */
    public String description() {
        return "record " + record().getFullName() + " in the " + origin;
    }

    /** The columns the record implies (RisingWave's type mapping). */
    public RowType impliedRowType() {
        return AvroTypeMapping.rowTypeOf(record());
    }

    /**
     * Checks the declared columns by name and type; a mismatch names the column and prints the
     * column list the schema implies.
     */
    public void checkColumns(String formatName, RowType declared) {
        try {
            new AvroPlanner(true).planRecord(record(), FieldSelection.all(declared), List.of());
        } catch (ColumnMismatchException e) {
            RowType implied = null;
            String impliedError = null;
            try {
                implied = impliedRowType();
            } catch (ColumnMismatchException derivation) {
                impliedError = derivation.getMessage();
            }
            throw ColumnList.mismatch(
                    formatName, description(), e.columnPath(), e.problem(), implied, impliedError);
        }
    }

    public String avsc() {
        return avsc;
    }

    @Nullable
    public String recordName() {
        return recordName;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AvroTableSchema)) {
            return false;
        }
        AvroTableSchema that = (AvroTableSchema) o;
        return avsc.equals(that.avsc) && Objects.equals(recordName, that.recordName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(avsc, recordName);
    }

    @Override
    public String toString() {
        return description();
    }
}
