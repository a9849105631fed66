package io.flinkrw.formats.testutils;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A wide record for projection tests and benchmarks: {@value #FIELDS} fields {@code f1..f20} of
 * types long, string, double, int in turn (SQL BIGINT, STRING, DOUBLE, INT), as an Avro schema, SQL
 * columns and a row type.
 */
public final class WideRecords {

    /** The number of fields. */
    public static final int FIELDS = 20;

    private static final String[] AVRO_TYPES = {"long", "string", "double", "int"};
    private static final String[] SQL_TYPES = {"BIGINT", "STRING", "DOUBLE", "INT"};

    private WideRecords() {}

    /** The Avro schema (record {@code Wide}). */
    public static String avsc() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < FIELDS; i++) {
            fields.append(i == 0 ? "" : ", ")
                    .append(
                            String.format(
                                    "{\"name\": \"f%d\", \"type\": \"%s\"}",
                                    i + 1, AVRO_TYPES[i % 4]));
        }
        return "{\"type\": \"record\", \"name\": \"Wide\", \"fields\": [" + fields + "]}";
    }

    /** The columns of a table of these records: {@code f1 BIGINT, f2 STRING, ...}. */
    public static String sqlColumns() {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < FIELDS; i++) {
            columns.append(i == 0 ? "" : ", ").append("f").append(i + 1).append(' ');
            columns.append(SQL_TYPES[i % 4]);
        }
        return columns.toString();
    }

    /** The row type of the table. */
    public static DataType rowType() {
        DataTypes.Field[] fields = new DataTypes.Field[FIELDS];
        DataType[] types = {
            DataTypes.BIGINT(), DataTypes.STRING(), DataTypes.DOUBLE(), DataTypes.INT()
        };
        for (int i = 0; i < FIELDS; i++) {
            fields[i] = DataTypes.FIELD("f" + (i + 1), types[i % 4]);
        }
        return DataTypes.ROW(fields).notNull();
    }

    /**
     * Record {@code i} as a raw Avro datum: field {@code f(n+1)} is {@code i * 100 + n}, {@code
     * "s<i>_<n>"}, {@code i + n / 100.0} or {@code i * 1000 + n}.
     */
    public static byte[] avro(Schema schema, int i) {
        GenericRecord record = new GenericData.Record(schema);
        for (int n = 0; n < FIELDS; n++) {
            Object value;
            switch (n % 4) {
                case 0:
                    value = (long) i * 100 + n;
                    break;
                case 1:
                    value = "s" + i + "_" + n;
                    break;
                case 2:
                    value = i + n / 100.0;
                    break;
                default:
                    value = i * 1000 + n;
            }
            record.put("f" + (n + 1), value);
        }
        return AvroRecords.raw(schema, record);
    }
}
