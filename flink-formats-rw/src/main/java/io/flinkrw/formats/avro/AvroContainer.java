package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads an Avro object container file held in one message: the header (magic, metadata with the
 * writer schema and codec, sync marker) and then each block, decompressed when needed.
 */
final class AvroContainer {

    static final byte[] MAGIC = {'O', 'b', 'j', 1};
    private static final int SYNC_SIZE = 16;
    private static final int MAX_DECOMPRESSED = 64 << 20;

    /** The header of a container file. */
    static final class Header {
        final String schema;
        final String codec;
        final byte[] sync;

        Header(String schema, String codec, byte[] sync) {
            this.schema = schema;
            this.codec = codec;
            this.sync = sync;
        }
    }

    /** Receives the datum bytes of each block. */
    interface BlockConsumer {
        void accept(AvroInput block, long count) throws DecodeException;
    }

    private AvroContainer() {}

    static boolean hasMagic(byte[] message) {
        return message.length >= 4
                && message[0] == MAGIC[0]
                && message[1] == MAGIC[1]
                && message[2] == MAGIC[2]
                && message[3] == MAGIC[3];
    }

    static Header readHeader(AvroInput in) throws DecodeException {
        in.ensure(4, "container magic");
        in.skip(4);
        Map<String, byte[]> metadata = new HashMap<>();
        long count;
        while ((count = in.readBlockCount(2)) != 0) {
            for (long i = 0; i < count; i++) {
                String key =
                        new String(
                                in.readBytes(in.readLength("metadata key")),
                                StandardCharsets.UTF_8);
                metadata.put(key, in.readBytes(in.readLength("metadata value")));
            }
        }
        byte[] schema = metadata.get("avro.schema");
        if (schema == null) {
            throw in.error("container header without avro.schema");
        }
        byte[] codec = metadata.get("avro.codec");
        byte[] sync = in.readBytes(SYNC_SIZE);
        return new Header(
                new String(schema, StandardCharsets.UTF_8),
                codec == null ? "null" : new String(codec, StandardCharsets.UTF_8),
                sync);
    }

    /** Reads every block after the header, handing each one's datum bytes to {@code blocks}. */
    static void readBlocks(AvroInput in, Header header, BlockConsumer blocks)
            throws DecodeException {
        if (!"null".equals(header.codec) && !"deflate".equals(header.codec)) {
            readCompressedBlocks(in, header, blocks);
            return;
        }
        AvroInput block = in.forBlocks();
        while (!in.isEnd()) {
            int blockStart = in.position();
            long count = in.readLong();
            long size = in.readLong();
            if (count < 0 || size < 0 || size > in.remaining()) {
                throw new DecodeException(
                        "invalid container block (" + count + " records, " + size + " bytes)",
                        blockStart);
            }
            int dataStart = in.position();
            in.skip(size);
            byte[] sync = in.readBytes(SYNC_SIZE);
            if (!Arrays.equals(sync, header.sync)) {
                throw new DecodeException("container block without its sync marker", dataStart);
            }
            if ("null".equals(header.codec)) {
                block.reset(in.buffer(), dataStart, dataStart + (int) size);
            } else {
                byte[] data = inflate(in.buffer(), dataStart, (int) size);
                block.reset(data, 0, data.length);
            }
            blocks.accept(block, count);
        }
    }

    /** Codecs other than null and deflate (snappy, zstandard, bzip2, xz) go through Avro. */
    private static void readCompressedBlocks(AvroInput in, Header header, BlockConsumer blocks)
            throws DecodeException {
        AvroInput block = in.forBlocks();
        try (DataFileStream<Void> stream =
                new DataFileStream<>(
                        new ByteArrayInputStream(in.buffer(), 0, in.buffer().length),
                        new GenericDatumReader<>())) {
            while (stream.hasNext()) {
                long count = stream.getBlockCount();
                ByteBuffer data = stream.nextBlock();
                if (data.remaining() > MAX_DECOMPRESSED) {
                    throw new DecodeException("container block larger than 64 MiB", -1);
                }
                block.reset(
                        data.array(),
                        data.arrayOffset() + data.position(),
                        data.arrayOffset() + data.limit());
                blocks.accept(block, count);
            }
        } catch (DecodeException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new DecodeException(
                    "cannot read the container with codec '" + header.codec + "': " + e,
                    in.position(),
                    e);
        }
    }

    private static byte[] inflate(byte[] buf, int offset, int length) throws DecodeException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(buf, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length * 4));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_DECOMPRESSED) {
                    throw new DecodeException("container block larger than 64 MiB", offset);
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DecodeException("invalid deflate data in a container block", offset, e);
        } finally {
            inflater.end();
        }
    }
}
