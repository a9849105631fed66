package io.flinkrw.formats.avro;

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
import java.util.List;

/**
 * Decodes Avro messages into {@link RowData} with the schema fetched from a location (see {@link
 * RwAvroFormatFactory}); also the DataStream entry point:
 *
 * <pre>{@code
 * RwAvroDeserializationSchema orders = RwAvroDeserializationSchema.builder()
 *     .setSchemaLocation("s3://schemas/order.avsc")
 *     .setProperty("aws.region", "eu-west-1")
 *     .build();   // fetches the schema now; the columns are the ones it implies
 * }</pre>
 */
public final class RwAvroDeserializationSchema extends RwRowDeserializationSchema {

    private static final long serialVersionUID = 1L;

    private final AvroTableSchema schema;
    private final RowType declared;
    private final int[][] projections;
    private final AvroEncoding encoding;

    private transient AvroPayloadDecoder decoder;

    RwAvroDeserializationSchema(
            AvroTableSchema schema,
            RowType declared,
            int[][] projections,
            AvroEncoding encoding,
            boolean ignoreParseErrors,
            TypeInformation<RowData> producedType) {
        super(RwAvroFormatFactory.IDENTIFIER, ignoreParseErrors, producedType);
        this.schema = schema;
        this.declared = declared;
        this.projections = projections;
        this.encoding = encoding;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void openDecoder(InitializationContext context) {
        decoder =
                new AvroPayloadDecoder(
                        schema.record(),
                        FieldSelection.of(declared, projections),
                        projections.length,
                        encoding,
                        fieldCounts());
    }

    @Override
    protected boolean mayProduceManyRows() {
        return decoder.mayProduceManyRows();
    }

    @Override
    protected RowData decodeRow(byte[] message) throws IOException {
        return decoder.decodeOne(message);
    }

    @Override
    protected void decodeRows(byte[] message, List<RowData> rows) throws IOException {
        decoder.decode(message, rows);
    }

    /** The columns this deserializer produces. */
    public RowType producedRowType() {
        return (RowType) Projection.of(projections).project(declared);
    }

    /** Builds an {@link RwAvroDeserializationSchema}; {@link #build()} fetches the schema. */
    public static final class Builder extends RwFormatBuilder<Builder> {

        private Builder() {
            super(RwAvroFormatFactory.IDENTIFIER);
        }

        /** Where the {@code .avsc} is: file://, http(s):// or s3://. Required. */
        public Builder setSchemaLocation(String location) {
            return setProperty("schema.location", location);
        }

        /** The full name of the record each message holds, when the schema has several. */
        public Builder setMessage(String recordName) {
            return setProperty(RwAvroFormatOptions.MESSAGE.key(), recordName);
        }

        /** How each message carries its record; default {@link AvroEncoding#AUTO}. */
        public Builder setEncoding(AvroEncoding encoding) {
            return setProperty(RwAvroFormatOptions.ENCODING.key(), encoding.value());
        }

        /**
         * Validates the options, fetches and parses the schema, and checks the columns (when set)
         * against it; without columns, the ones the schema implies are produced.
         */
        public RwAvroDeserializationSchema build() {
            Configuration options =
                    options(
                            RwAvroFormatOptions.requiredOptions(),
                            RwAvroFormatOptions.optionalOptions());
            RwAvroFormatOptions.Settings settings = RwAvroFormatOptions.validate(options);
            AvroTableSchema schema = AvroTableSchema.load(settings.location, settings.message);
            RowType columns = rowType() != null ? rowType() : schema.impliedRowType();
            schema.checkColumns(RwAvroFormatFactory.IDENTIFIER, columns);
            return new RwAvroDeserializationSchema(
                    schema,
                    columns,
                    RwDecodingFormat.allFields(columns),
                    settings.encoding,
                    settings.ignoreParseErrors,
                    InternalTypeInfo.of(columns));
        }
    }
}
