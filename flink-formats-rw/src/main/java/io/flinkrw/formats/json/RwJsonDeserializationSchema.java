package io.flinkrw.formats.json;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.RwDecodingFormat;
import io.flinkrw.formats.RwFormatBuilder;
import io.flinkrw.formats.RwRowDeserializationSchema;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;

/**
 * Decodes JSON objects into {@link RowData} with RisingWave's rules (see {@link
 * RwJsonFormatFactory}); an empty payload is a row of NULLs, as RisingWave reads it as {@code {}}.
 * Also the DataStream entry point:
 *
 * <pre>{@code
 * RwJsonDeserializationSchema events = RwJsonDeserializationSchema.builder()
 *     .setColumns(DataTypes.ROW(
 *         DataTypes.FIELD("id", DataTypes.BIGINT()),
 *         DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(3))))
 *     .build();
 * }</pre>
 */
public final class RwJsonDeserializationSchema extends RwRowDeserializationSchema {

    private static final long serialVersionUID = 1L;

    private final RowType declared;
    private final int[][] projections;
    private final JsonTimestamptzMode timestamptzMode;

    private transient JsonFactory factory;
    private transient JsonRowReader root;

    RwJsonDeserializationSchema(
            RowType declared,
            int[][] projections,
            JsonTimestamptzMode timestamptzMode,
            boolean ignoreParseErrors,
            TypeInformation<RowData> producedType) {
        super(RwJsonFormatFactory.IDENTIFIER, ignoreParseErrors, producedType);
        this.declared = declared;
        this.projections = projections;
        this.timestamptzMode = timestamptzMode;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void openDecoder(InitializationContext context) {
        factory = newFactory();
        root =
                new JsonPlanner(factory, timestamptzMode, fieldCounts())
                        .rowReader(
                                FieldSelection.of(declared, projections), projections.length, "");
    }

    @Override
    protected RowData decodeRow(byte[] message) throws IOException {
        GenericRowData row = new GenericRowData(projections.length);
        try (JsonParser parser = factory.createParser(message)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return row;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new DecodeException(
                        "expected a JSON object, found " + JsonReaders.describe(parser, token),
                        parser.currentTokenLocation().getByteOffset());
            }
            root.readObject(parser, row);
            if (parser.nextToken() != null) {
                throw new DecodeException(
                        "content after the JSON object",
                        parser.currentTokenLocation().getByteOffset());
            }
            return row;
        } catch (JsonProcessingException e) {
            throw new DecodeException(
                    "invalid JSON: " + e.getOriginalMessage(),
                    e.getLocation() != null ? e.getLocation().getByteOffset() : -1,
                    e);
        }
    }

    /**
     * A parser factory with its own buffer pool; with an older Jackson (Flink 1.x ships 2.15,
     * without recycler pools) the default factory.
     */
    static JsonFactory newFactory() {
        try {
            return JsonFactory.builder().recyclerPool(new SingleThreadRecyclerPool()).build();
        } catch (LinkageError olderJackson) {
            return new JsonFactory();
        }
    }

    /** The columns this deserializer produces. */
    public RowType producedRowType() {
        return (RowType) Projection.of(projections).project(declared);
    }

    /** Builds an {@link RwJsonDeserializationSchema}; the columns are required. */
    public static final class Builder extends RwFormatBuilder<Builder> {

        private Builder() {
            super(RwJsonFormatFactory.IDENTIFIER);
        }

        /** RisingWave's {@code timestamptz.handling.mode}. */
        public Builder setTimestamptzHandlingMode(JsonTimestamptzMode mode) {
            return setProperty(RwJsonFormatOptions.TIMESTAMPTZ_HANDLING_MODE.key(), mode.value());
        }

        public RwJsonDeserializationSchema build() {
            Configuration options =
                    options(
                            RwJsonFormatOptions.requiredOptions(),
                            RwJsonFormatOptions.optionalOptions());
            RwJsonFormatOptions.Settings settings = RwJsonFormatOptions.validate(options);
            RowType columns = rowType();
            if (columns == null) {
                throw new ValidationException(
                        "rw-json needs the columns to produce: call setColumns(...) or"
                                + " setRowType(...)");
            }
            RwJsonDecodingFormat.checkTypes(columns, settings.timestamptzMode);
            return new RwJsonDeserializationSchema(
                    columns,
                    RwDecodingFormat.allFields(columns),
                    settings.timestamptzMode,
                    settings.ignoreParseErrors,
                    InternalTypeInfo.of(columns));
        }
    }
}
