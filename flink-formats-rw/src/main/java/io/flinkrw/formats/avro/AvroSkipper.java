package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;

import org.apache.avro.Schema;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Skips one value of a writer schema without converting it. */
abstract class AvroSkipper {

    /** How deep recursive records may nest in a payload. */
    static final int MAX_DEPTH = 500;

    /** The fewest bytes a value of this schema takes (for checking array sizes). */
    int minBytes;

    AvroSkipper(int minBytes) {
        this.minBytes = minBytes;
    }

    abstract void skip(AvroInput in) throws DecodeException;

    /** {@link #runCode()} of an int, long or enum. */
    static final int RUN_VARINT = -1;

    /** {@link #runCode()} of a string or bytes. */
    static final int RUN_LENGTH_PREFIXED = -2;

    /** {@link #runCode()} of a value that cannot be skipped in a run (records, unions, ...). */
    static final int NOT_IN_RUN = Integer.MIN_VALUE;

    /**
     * How {@link AvroInput#skipRun} skips this value: a byte count (zero or more) for fixed-size
     * values, {@link #RUN_VARINT}, {@link #RUN_LENGTH_PREFIXED}, or {@link #NOT_IN_RUN}.
     */
    int runCode() {
        return NOT_IN_RUN;
    }

    /** A skipper for {@code schema}; recursive schemas are fine. */
    static AvroSkipper of(Schema schema) {
        return of(schema, new IdentityHashMap<>());
    }

    private static AvroSkipper of(Schema schema, Map<Schema, RecordSkipper> records) {
        switch (schema.getType()) {
            case NULL:
                return NULL;
            case BOOLEAN:
                return FIXED_1;
            case INT:
            case LONG:
            case ENUM:
                return VARINT;
            case FLOAT:
                return new FixedSkipper(4);
            case DOUBLE:
                return new FixedSkipper(8);
            case FIXED:
                return new FixedSkipper(schema.getFixedSize());
            case STRING:
            case BYTES:
                return LENGTH_PREFIXED;
            case ARRAY:
                return new BlockSkipper(of(schema.getElementType(), records), null);
            case MAP:
                return new BlockSkipper(LENGTH_PREFIXED, of(schema.getValueType(), records));
            case UNION:
                {
                    List<Schema> branches = schema.getTypes();
                    AvroSkipper[] skippers = new AvroSkipper[branches.size()];
                    for (int i = 0; i < skippers.length; i++) {
                        skippers[i] = of(branches.get(i), records);
                    }
                    return new UnionSkipper(skippers);
                }
            case RECORD:
                {
                    RecordSkipper existing = records.get(schema);
                    if (existing != null) {
                        return existing;
                    }
                    RecordSkipper record = new RecordSkipper();
                    records.put(schema, record);
                    List<Schema.Field> fields = schema.getFields();
                    AvroSkipper[] skippers = new AvroSkipper[fields.size()];
                    for (int i = 0; i < skippers.length; i++) {
                        skippers[i] = of(fields.get(i).schema(), records);
                    }
                    record.fields = skippers;
                    int min = 0;
                    for (AvroSkipper skipper : skippers) {
                        min += skipper.minBytes;
                    }
                    record.minBytes = min;
                    return record;
                }
            default:
                throw new IllegalArgumentException("Unknown Avro type " + schema.getType());
        }
    }

    private static final AvroSkipper NULL = new FixedSkipper(0);

    private static final AvroSkipper FIXED_1 = new FixedSkipper(1);

    private static final AvroSkipper VARINT =
            new AvroSkipper(1) {
                @Override
                void skip(AvroInput in) throws DecodeException {
                    in.skipVarint();
                }

                @Override
                int runCode() {
                    return RUN_VARINT;
                }
            };

    private static final AvroSkipper LENGTH_PREFIXED =
            new AvroSkipper(1) {
                @Override
                void skip(AvroInput in) throws DecodeException {
                    in.skip(in.readLength("string/bytes"));
                }

                @Override
                int runCode() {
                    return RUN_LENGTH_PREFIXED;
                }
            };

    private static final class FixedSkipper extends AvroSkipper {
        private final int size;

        FixedSkipper(int size) {
            super(size);
            this.size = size;
        }

        @Override
        void skip(AvroInput in) throws DecodeException {
            in.skip(size);
        }

        @Override
        int runCode() {
            return size;
        }
    }

    /** Arrays (no key skipper) and maps (string keys). */
    private static final class BlockSkipper extends AvroSkipper {
        private final AvroSkipper first;
        private final AvroSkipper second;

        BlockSkipper(AvroSkipper first, AvroSkipper second) {
            super(1);
            this.first = first;
            this.second = second;
        }

        @Override
        void skip(AvroInput in) throws DecodeException {
            int itemBytes = first.minBytes + (second == null ? 0 : second.minBytes);
            long count;
            while ((count = in.readBlockCount(itemBytes)) != 0) {
                long blockBytes = in.lastBlockBytes();
                if (blockBytes >= 0) {
                    in.skip(blockBytes);
                    continue;
                }
                for (long i = 0; i < count; i++) {
                    first.skip(in);
                    if (second != null) {
                        second.skip(in);
                    }
                }
            }
        }
    }

    private static final class UnionSkipper extends AvroSkipper {
        private final AvroSkipper[] branches;

        UnionSkipper(AvroSkipper[] branches) {
            super(1);
            this.branches = branches;
        }

        @Override
        void skip(AvroInput in) throws DecodeException {
            branches[AvroReaders.unionIndex(in, branches.length)].skip(in);
        }
    }

    private static final class RecordSkipper extends AvroSkipper {
        private AvroSkipper[] fields;

        RecordSkipper() {
            // Records may be recursive, so their size is not computed; an empty record is rare.
            super(0);
        }

        @Override
        void skip(AvroInput in) throws DecodeException {
            in.enter();
            for (AvroSkipper field : fields) {
                field.skip(in);
            }
            in.exit();
        }
    }
}
