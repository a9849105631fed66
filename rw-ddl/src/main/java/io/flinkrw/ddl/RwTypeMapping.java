package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.RwType;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import java.util.ArrayList;
import java.util.List;

/**
 * RisingWave data types to Flink types, for columns a statement declares. Every type is nullable,
 * as RisingWave's are.
 *
 * <table>
 *   <tr><th>RisingWave</th><th>Flink</th></tr>
 *   <tr><td>boolean</td><td>BOOLEAN</td></tr>
 *   <tr><td>smallint / integer / bigint</td><td>SMALLINT / INT / BIGINT</td></tr>
 *   <tr><td>real / double precision</td><td>FLOAT / DOUBLE</td></tr>
 *   <tr><td>numeric(p, s) / numeric</td><td>DECIMAL(p, s) / DECIMAL(38, 10)</td></tr>
 *   <tr><td>varchar, text</td><td>STRING</td></tr>
 *   <tr><td>bytea</td><td>BYTES</td></tr>
 *   <tr><td>date / time / timestamp / timestamptz</td>
 *       <td>DATE / TIME(3) / TIMESTAMP(6) / TIMESTAMP_LTZ(6)</td></tr>
 *   <tr><td>interval, jsonb</td><td>STRING</td></tr>
 *   <tr><td>struct&lt;...&gt; / T[] / map(K, V)</td><td>ROW&lt;...&gt; / ARRAY&lt;T&gt; /
 *       MAP&lt;K, V&gt;</td></tr>
 *   <tr><td>vector(n)</td><td>ARRAY&lt;FLOAT&gt;</td></tr>
 * </table>
 *
 * <p>{@code serial}, {@code rw_int256} and {@code time with time zone} have no equivalent.
 */
public final class RwTypeMapping {

    /** The DECIMAL of a numeric without precision: RisingWave's numeric has a variable scale. */
    public static final DecimalType UNCONSTRAINED_NUMERIC = new DecimalType(38, 10);

    private RwTypeMapping() {}

    /** A mapped type and what the mapping changed. */
    public record Mapped(LogicalType type, List<String> notes) {}

    /** Why a type cannot be mapped. */
    public static final class UnmappableTypeException extends Exception {
        private static final long serialVersionUID = 1L;

        UnmappableTypeException(String message) {
            super(message);
        }
    }

    /** Maps {@code type}; the notes say where Flink's type differs from RisingWave's. */
    public static Mapped toFlink(RwType type) throws UnmappableTypeException {
        List<String> notes = new ArrayList<>();
        LogicalType mapped = map(type, notes);
        return new Mapped(mapped, notes);
    }

    private static LogicalType map(RwType type, List<String> notes) throws UnmappableTypeException {
        if (type instanceof RwType.Array array) {
            return new ArrayType(map(array.element(), notes));
        }
        if (type instanceof RwType.Map map) {
            return new MapType(map(map.key(), notes), map(map.value(), notes));
        }
        if (type instanceof RwType.Struct struct) {
            List<RowType.RowField> fields = new ArrayList<>();
            for (RwType.Field field : struct.fields()) {
                fields.add(new RowType.RowField(field.name().value(), map(field.type(), notes)));
            }
            return new RowType(fields);
        }
        RwType.Named named = (RwType.Named) type;
        List<Integer> params = named.params();
        switch (named.name()) {
            case "boolean":
                return new BooleanType();
            case "smallint":
                return new SmallIntType();
            case "integer":
                return new IntType();
            case "bigint":
                return new BigIntType();
            case "real":
                return new FloatType();
            case "double precision":
                return new DoubleType();
            case "float":
                return params.isEmpty() || params.get(0) > 24 ? new DoubleType() : new FloatType();
            case "numeric":
                return decimal(named, notes);
            case "varchar":
            case "character":
                if (!params.isEmpty()) {
                    notes.add(named.text() + " → STRING: the length is not kept");
                }
                return new VarCharType(VarCharType.MAX_LENGTH);
            case "bytea":
                return new VarBinaryType(VarBinaryType.MAX_LENGTH);
            case "date":
                return new DateType();
            case "time":
                notes.add(
                        named.text()
                                + " → TIME(3): Flink's TIME keeps milliseconds (RisingWave:"
                                + " microseconds)");
                return new TimeType(3);
            case "timestamp":
                return new TimestampType(precision(named, 6));
            case "timestamptz":
                return new LocalZonedTimestampType(precision(named, 6));
            case "interval":
                notes.add(
                        named.text()
                                + " → STRING: a Flink table cannot declare an INTERVAL column; the"
                                + " column holds the interval's text");
                return new VarCharType(VarCharType.MAX_LENGTH);
            case "jsonb":
                notes.add(
                        named.text()
                                + " → STRING: Flink has no JSON type; rw-json gives objects and"
                                + " arrays as their JSON text");
                return new VarCharType(VarCharType.MAX_LENGTH);
            case "vector":
                notes.add(named.text() + " → ARRAY<FLOAT>: the length is not checked");
                return new ArrayType(new FloatType());
            case "serial":
                throw new UnmappableTypeException(
                        "serial (RisingWave's generated row id) has no Flink equivalent");
            case "int256":
                throw new UnmappableTypeException(
                        named.text() + " has no Flink equivalent (DECIMAL holds 38 digits)");
            case "timetz":
                throw new UnmappableTypeException(
                        named.text() + " has no Flink equivalent (RisingWave has none either)");
            default:
                throw new UnmappableTypeException("unknown type " + named.text());
        }
    }

    private static LogicalType decimal(RwType.Named named, List<String> notes)
            throws UnmappableTypeException {
        List<Integer> params = named.params();
        if (params.isEmpty()) {
            notes.add(
                    named.text()
                            + " → DECIMAL(38, 10): RisingWave's numeric has no fixed scale;"
                            + " declare numeric(p, s) to choose one");
            return UNCONSTRAINED_NUMERIC;
        }
        int precision = params.get(0);
        int scale = params.size() > 1 ? params.get(1) : 0;
        if (precision < 1 || precision > DecimalType.MAX_PRECISION || scale > precision) {
            throw new UnmappableTypeException(
                    named.text()
                            + " has no Flink equivalent: DECIMAL takes a precision of 1 to 38"
                            + " and a scale of at most the precision");
        }
        return new DecimalType(precision, scale);
    }

    private static int precision(RwType.Named named, int fallback) throws UnmappableTypeException {
        if (named.params().isEmpty()) {
            return fallback;
        }
        int precision = named.params().get(0);
        if (precision > 9) {
            throw new UnmappableTypeException(
                    named.text() + " has no Flink equivalent: the precision is at most 9");
        }
        return precision;
    }
}
