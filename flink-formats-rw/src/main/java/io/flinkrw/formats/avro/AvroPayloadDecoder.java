package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldCounts;
import io.flinkrw.formats.FieldSelection;
import io.flinkrw.formats.avro.AvroReaders.RecordReader;
import io.flinkrw.formats.schema.ColumnMismatchException;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Avro messages into rows: raw datums and single-object messages with the plan of the
 * schema at the location, container files with a plan of their own writer schema (cached), the
 * encoding detected from the first bytes unless configured.
 */
final class AvroPayloadDecoder {

    private static final int MAX_CACHED_WRITER_SCHEMAS = 16;

    private final Schema record;
    private final FieldSelection selection;
    private final int arity;
    private final AvroEncoding encoding;
    private final RecordReader plan;
    private final long fingerprint;
    private final AvroInput input;
    private final Map<String, RecordReader> containerPlans =
            new LinkedHashMap<String, RecordReader>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RecordReader> eldest) {
                    return size() > MAX_CACHED_WRITER_SCHEMAS;
                }
            };

    AvroPayloadDecoder(
            Schema record,
            FieldSelection selection,
            int arity,
            AvroEncoding encoding,
            FieldCounts counts) {
        this.input = new AvroInput(counts);
        this.record = record;
        this.selection = selection;
        this.arity = arity;
        this.encoding = encoding;
        this.plan = new AvroPlanner(true).planRecord(record, selection, List.of());
        this.fingerprint = SchemaNormalization.parsingFingerprint64(record);
    }

    /** Whether the configured encoding may give several rows per message. */
    boolean mayProduceManyRows() {
        return encoding == AvroEncoding.AUTO || encoding == AvroEncoding.CONTAINER;
    }

    /** Decodes a message that holds exactly one record. */
    RowData decodeOne(byte[] message) throws DecodeException {
        switch (encoding) {
            case RAW:
                return decodeDatum(message, 0);
            case SINGLE_OBJECT:
                return decodeDatum(message, singleObjectStart(message, true));
            default:
                throw new IllegalStateException("Not a single-record encoding: " + encoding);
        }
    }

    void decode(byte[] message, List<RowData> out) throws DecodeException {
        switch (encoding) {
            case RAW:
                out.add(decodeDatum(message, 0));
                return;
            case SINGLE_OBJECT:
                out.add(decodeDatum(message, singleObjectStart(message, true)));
                return;
            case CONTAINER:
                decodeContainer(message, out);
                return;
            default:
                if (AvroContainer.hasMagic(message)) {
                    decodeContainer(message, out);
                    return;
                }
                int start = singleObjectStart(message, false);
                if (start > 0) {
                    out.add(decodeDatum(message, start));
                    return;
                }
                try {
                    out.add(decodeDatum(message, 0));
                } catch (DecodeException e) {
                    if (message.length >= 2
                            && (message[0] & 0xFF) == 0xC3
                            && (message[1] & 0xFF) == 0x01) {
                        throw new DecodeException(
                                e.reason()
                                        + " (the payload starts like a single-object message, but"
                                        + " its fingerprint "
                                        + fingerprintHex(message)
                                        + " is not the schema's "
                                        + Long.toHexString(fingerprint)
                                        + ")",
                                e.offset(),
                                e);
                    }
                    throw e;
                }
        }
    }

    /**
     * Where the datum of a single-object message starts (10), or 0 when the message is not one.
     * With {@code required}, a message that is not one fails.
     */
    private int singleObjectStart(byte[] message, boolean required) throws DecodeException {
        boolean marker =
                message.length >= 10 && (message[0] & 0xFF) == 0xC3 && (message[1] & 0xFF) == 0x01;
        if (marker && readFingerprint(message) == fingerprint) {
            return 10;
        }
        if (!required) {
            return 0;
        }
        if (!marker) {
            throw new DecodeException(
                    "not a single-object message (it must start with C3 01 and an 8-byte"
                            + " fingerprint)",
                    0);
        }
        throw new DecodeException(
                "single-object fingerprint "
                        + fingerprintHex(message)
                        + " is not the schema's "
                        + Long.toHexString(fingerprint),
                2);
    }

    private static long readFingerprint(byte[] message) {
        long value = 0;
        for (int i = 9; i >= 2; i--) {
            value = (value << 8) | (message[i] & 0xFF);
        }
        return value;
    }

    private static String fingerprintHex(byte[] message) {
        return message.length >= 10 ? Long.toHexString(readFingerprint(message)) : "(truncated)";
    }

    private RowData decodeDatum(byte[] message, int start) throws DecodeException {
        input.startPayload(message, start, message.length);
        GenericRowData row = new GenericRowData(arity);
        plan.readInto(input, row);
        if (!input.isEnd()) {
            throw input.error(
                    (message.length - input.position())
                            + " bytes left after the record (not written with this schema?)");
        }
        return row;
    }

    private void decodeContainer(byte[] message, List<RowData> out) throws DecodeException {
        input.startPayload(message, 0, message.length);
        if (!AvroContainer.hasMagic(message)) {
            throw new DecodeException("not an Avro container file (no Obj1 magic)", 0);
        }
        AvroContainer.Header header = AvroContainer.readHeader(input);
        RecordReader containerPlan = containerPlan(header.schema, input.position());
        AvroContainer.readBlocks(
                input,
                header,
                (block, count) -> {
                    for (long i = 0; i < count; i++) {
                        int start = block.position();
                        GenericRowData row = new GenericRowData(arity);
                        containerPlan.readInto(block, row);
                        if (block.position() == start) {
                            block.countEmptyItems(1);
                        }
                        out.add(row);
                    }
                    if (!block.isEnd()) {
                        throw block.error("bytes left after the block's records");
                    }
                });
    }

    private RecordReader containerPlan(String writerSchemaText, int offset) throws DecodeException {
        RecordReader cached = containerPlans.get(writerSchemaText);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = new Schema.Parser().parse(writerSchemaText);
        } catch (RuntimeException e) {
            throw new DecodeException(
                    "the container's writer schema does not parse: " + e.getMessage(), offset, e);
        }
        if (writer.getType() != Schema.Type.RECORD) {
            throw new DecodeException(
                    "the container's writer schema is "
                            + AvroTypeMapping.describe(writer)
                            + ", not a record",
                    offset);
        }
        RecordReader containerPlan;
        if (writer.equals(record)) {
            containerPlan = plan;
        } else {
            try {
                containerPlan = new AvroPlanner(false).planRecord(writer, selection, List.of());
            } catch (ColumnMismatchException e) {
                throw new DecodeException(
                        "the container's writer schema "
                                + writer.getFullName()
                                + " cannot fill column "
                                + e.getMessage(),
                        offset,
                        e);
            }
        }
        containerPlans.put(writerSchemaText, containerPlan);
        return containerPlan;
    }
}
