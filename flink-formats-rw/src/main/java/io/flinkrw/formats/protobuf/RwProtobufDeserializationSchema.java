package io.flinkrw.formats.protobuf;

import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.RwDecodingFormat;
import io.flinkrw.formats.RwFormatBuilder;
import io.flinkrw.formats.RwRowDeserializationSchema;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;

/**
 * Decodes protobuf messages into {@link RowData} with a schema fetched from a location (see {@link
 * RwProtobufFormatFactory}); also the DataStream entry point:
 *
 * <pre>{@code
 * RwProtobufDeserializationSchema orders = RwProtobufDeserializationSchema.builder()
 *     .setSchemaLocation("https://schemas.example.com/shop.pb")
 *     .setMessage("shop.v1.Order")
 *     .build();   // fetches the schema now; the columns are the ones the message implies
 * }</pre>
 */
public final class RwProtobufDeserializationSchema extends RwRowDeserializationSchema {

    private static final long serialVersionUID = 1L;

    private final ProtoTableSchema schema;
    private final RowType declared;
    private final int[][] projections;

    private transient ProtoMessagePlan plan;
    private transient ProtoInput input;

    RwProtobufDeserializationSchema(
            ProtoTableSchema schema,
            RowType declared,
            int[][] projections,
            boolean ignoreParseErrors,
            TypeInformation<RowData> producedType) {
        super(RwProtobufFormatFactory.IDENTIFIER, ignoreParseErrors, producedType);
        this.schema = schema;
        this.declared = declared;
        this.projections = projections;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void openDecoder(InitializationContext context) {
        plan =
                ProtoPlanner.plan(
                        schema.descriptor(),
                        FieldSelection.of(declared, projections),
                        projections.length);
        input = new ProtoInput(fieldCounts());
    }

    @Override
    protected RowData decodeRow(byte[] message) throws IOException {
        input.reset(message);
        return plan.readPayload(input);
    }

    /** The columns this deserializer produces. */
    public RowType producedRowType() {
        return (RowType) Projection.of(projections).project(declared);
    }

    /** Builds an {@link RwProtobufDeserializationSchema}; {@link #build()} fetches the schema. */
    public static final class Builder extends RwFormatBuilder<Builder> {

        private Builder() {
            super(RwProtobufFormatFactory.IDENTIFIER);
        }

        /** Where the FileDescriptorSet or .proto file is: file://, http(s):// or s3://. */
        public Builder setSchemaLocation(String location) {
            return setProperty("schema.location", location);
        }

        /** The message each payload holds (fully qualified, or a unique simple name). */
        public Builder setMessage(String message) {
            return setProperty(RwProtobufFormatOptions.MESSAGE.key(), message);
        }

        /**
         * Validates the options, fetches the schema, and checks the columns (when set) against the
         * message; without columns, the ones the message implies are produced.
         */
        public RwProtobufDeserializationSchema build() {
            Configuration options =
                    options(
                            RwProtobufFormatOptions.requiredOptions(),
                            RwProtobufFormatOptions.optionalOptions());
            RwProtobufFormatOptions.Settings settings = RwProtobufFormatOptions.validate(options);
            ProtoTableSchema schema = ProtoTableSchema.load(settings.location, settings.message);
            RowType columns = rowType() != null ? rowType() : schema.impliedRowType();
            schema.checkColumns(RwProtobufFormatFactory.IDENTIFIER, columns);
            return new RwProtobufDeserializationSchema(
                    schema,
                    columns,
                    RwDecodingFormat.allFields(columns),
                    settings.ignoreParseErrors,
                    InternalTypeInfo.of(columns));
        }
    }
}
