package io.flinkrw.formats.testutils;

import org.apache.avro.Conversions;
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

/**
 * Writes Avro payloads with Avro's own writers, in the three forms rw-avro reads: a raw binary
 * datum, a single-object message and an object container file. Decimals and UUIDs may be given as
 * {@code BigDecimal} and {@code UUID}.
 */
public final class AvroRecords {

    private AvroRecords() {}

    /** A raw binary datum. */
    public static byte[] raw(Schema schema, Object datum) {
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

    /** A single-object message: C3 01, the schema's fingerprint, the datum. */
    public static byte[] singleObject(Schema schema, GenericRecord datum) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(genericData(), schema)
                    .encode(datum)
                    .array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole object container file holding {@code records}. */
    public static byte[] container(Schema schema, CodecFactory codec, GenericRecord... records) {
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
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return data;
    }
}
