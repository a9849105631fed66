package io.flinkrw.formats.avro;

import io.flinkrw.formats.FormatTestUtils;
import io.flinkrw.formats.RwDecodingFormat;

import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes Avro test payloads with Avro's own writers, and opens rw-avro deserializers. */
final class AvroTestSupport {

    private AvroTestSupport() {}

    static Schema parse(String avsc) {
        return new Schema.Parser().parse(avsc);
    }

    /** A raw binary datum. */
    static byte[] raw(Schema schema, Object datum) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(schema, genericData()).write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A single-object message: C3 01, the fingerprint, the datum. */
    static byte[] singleObject(Schema schema, GenericRecord datum) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(genericData(), schema)
                    .encode(datum)
                    .array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole object container file holding {@code records}. */
    static byte[] container(Schema schema, CodecFactory codec, GenericRecord... records) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                DataFileWriter<GenericRecord> writer =
                        new DataFileWriter<>(new GenericDatumWriter<>(schema, genericData()))) {
            writer.setCodec(codec);
            writer.create(schema, out);
            for (GenericRecord record : records) {
                writer.append(record);
            }
            writer.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericData genericData() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.UUIDConversion());
        return data;
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
