package io.flinkrw.formats.schema;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.utils.EncodingUtils;

import java.util.List;

/**
 * The column list a schema implies, printed as Flink DDL ready to paste between the parentheses of
 * a {@code CREATE TABLE}, and the error that shows it when declared columns do not match.
 */
public final class ColumnList {

    private ColumnList() {}

    /** One {@code `name` TYPE} line per field, separated by commas and newlines. */
    public static String toDdl(RowType rowType) {
        return toDdl(rowType, "");
    }

    /** As {@link #toDdl(RowType)}, each line starting with {@code indent}. */
    public static String toDdl(RowType rowType, String indent) {
        StringBuilder ddl = new StringBuilder();
        List<RowType.RowField> fields = rowType.getFields();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            ddl.append(indent)
                    .append(EncodingUtils.escapeIdentifier(field.getName()))
                    .append(' ')
                    .append(typeDdl(field.getType()));
            if (i < fields.size() - 1) {
                ddl.append(",\n");
            }
        }
        return ddl.toString();
    }

    /** The DDL of one type, e.g. {@code ROW<`seconds` BIGINT, `nanos` INT>}. */
    public static String typeDdl(LogicalType type) {
        return type.asSummaryString();
    }

    /**
     * The error for a declared column that the schema cannot fill: it names the column (a dotted
     * path for a nested field), says why, and lists the columns the schema implies.
     *
     * @param formatName e.g. {@code rw-protobuf}
     * @param schemaName what the schema is, e.g. {@code message 'shop.Order' at s3://b/o.pb}
     * @param columnPath the declared column, e.g. {@code addr.zip}
     * @param problem why it does not match
     * @param implied the columns the schema implies, or null when they cannot be derived
     * @param impliedError why they cannot be derived, when {@code implied} is null
     */
    public static ValidationException mismatch(
            String formatName,
            String schemaName,
            String columnPath,
            String problem,
            RowType implied,
            String impliedError) {
        StringBuilder message =
                new StringBuilder()
                        .append(formatName)
                        .append(": column ")
                        .append(columnPath)
                        .append(" does not match the schema (")
                        .append(schemaName)
                        .append("): ")
                        .append(problem)
                        .append('\n');
        if (implied != null) {
            message.append(
                            "The columns the schema implies (declare all or some of them, in"
                                    + " any order):\n")
                    .append(toDdl(implied, "  "));
        } else {
            message.append("The schema implies no column list: ").append(impliedError);
        }
        return new ValidationException(message.toString());
    }
}
