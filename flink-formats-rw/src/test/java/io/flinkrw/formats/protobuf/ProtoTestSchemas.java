package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The test message types, from protoc's FileDescriptorSet of src/test/proto. */
final class ProtoTestSchemas {

    private ProtoTestSchemas() {}

    static byte[] descriptorSetBytes() {
        try {
            return Files.readAllBytes(FormatTestUtils.DESCRIPTOR_SET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProtoTableSchema schema(String message) {
        return ProtoTableSchema.fromDescriptorSet(descriptorSetBytes(), message, "test schema");
    }

    /** An opened deserializer of {@code message} producing {@code columns}. */
    static RwProtobufDeserializationSchema deserializer(
            String message, RowType columns, boolean ignoreParseErrors) throws Exception {
        return deserializer(
                schema(message), columns, RwDecodingFormat.allFields(columns), ignoreParseErrors);
    }

    static RwProtobufDeserializationSchema deserializer(
            ProtoTableSchema schema, RowType columns, int[][] projections, boolean ignore)
            throws Exception {
        schema.checkColumns(RwProtobufFormatFactory.IDENTIFIER, columns);
        RowType produced =
                (RowType)
                        org.apache.flink.table.connector.Projection.of(projections)
                                .project(columns);
        return FormatTestUtils.open(
                new RwProtobufDeserializationSchema(
                        schema, columns, projections, ignore, InternalTypeInfo.of(produced)));
    }

    /** Decodes with the columns the message implies. */
    static RowData decode(String message, byte[] payload) throws Exception {
        RowType columns = schema(message).impliedRowType();
        return deserializer(message, columns, false).deserialize(payload);
    }

    /** A ROW type from {@code (name, type)} pairs. */
    static RowType row(Object... namesAndTypes) {
        DataTypes.Field[] fields = new DataTypes.Field[namesAndTypes.length / 2];
        for (int i = 0; i < fields.length; i++) {
            Object type = namesAndTypes[2 * i + 1];
            fields[i] =
                    DataTypes.FIELD(
                            (String) namesAndTypes[2 * i],
                            type instanceof LogicalType
                                    ? TypeConversions.fromLogicalToDataType((LogicalType) type)
                                    : (org.apache.flink.table.types.DataType) type);
        }
        return (RowType) DataTypes.ROW(fields).getLogicalType();
    }

    /** Fields selected by paths of declared indexes. */
    static FieldSelection select(RowType type, int[][] projections) {
        return FieldSelection.of(type, projections);
    }
}
