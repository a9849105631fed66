package io.flinkrw.formats.avro;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;

/**
 * Parses Avro test schemas and opens rw-avro deserializers (payloads: {@link
 * io.flinkrw.formats.testutils.AvroRecords}).
 */
final class AvroTestSupport {

    private AvroTestSupport() {}

    static Schema parse(String avsc) {
        return new Schema.Parser().parse(avsc);
    }

    /** An opened deserializer of {@code avsc} producing {@code columns}. */
    static RwAvroDeserializationSchema deserializer(
            String avsc, RowType columns, AvroEncoding encoding, boolean ignore) throws Exception {
        return deserializer(
                AvroTableSchema.parse(avsc, null, "test schema"),
                columns,
                RwDecodingFormat.allFields(columns),
                encoding,
                ignore);
    }

    static RwAvroDeserializationSchema deserializer(
            AvroTableSchema schema,
            RowType columns,
            int[][] projections,
            AvroEncoding encoding,
            boolean ignore)
            throws Exception {
        schema.checkColumns(RwAvroFormatFactory.IDENTIFIER, columns);
        RowType produced = (RowType) Projection.of(projections).project(columns);
        return FormatTestUtils.open(
                new RwAvroDeserializationSchema(
                        schema,
                        columns,
                        projections,
                        encoding,
                        ignore,
                        InternalTypeInfo.of(produced)));
    }
}
