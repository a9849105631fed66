package io.flinkrw.connector.kinesis.testutils;

import com.google.protobuf.CodedOutputStream;

import javax.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes records in the Kinesis Producer Library's aggregated format, as the KPL does: the magic
 * bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord} (partition key table, explicit
 * hash key table, records pointing into them), and the MD5 of the protobuf body.
 */
public final class KplAggregates {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private KplAggregates() {}

    /** One user record of an aggregate. */
    public static final class UserRecord {
        final String partitionKey;
        @Nullable final String explicitHashKey;
        final byte[] data;

        UserRecord(String partitionKey, @Nullable String explicitHashKey, byte[] data) {
            this.partitionKey = partitionKey;
            this.explicitHashKey = explicitHashKey;
            this.data = data;
        }
    }

    public static UserRecord userRecord(String partitionKey, String data) {
        return new UserRecord(partitionKey, null, data.getBytes(StandardCharsets.UTF_8));
    }

    public static UserRecord userRecord(
            String partitionKey, @Nullable String explicitHashKey, String data) {
        return new UserRecord(partitionKey, explicitHashKey, data.getBytes(StandardCharsets.UTF_8));
    }

    /** The aggregated record holding {@code records}, in order. */
    public static byte[] aggregate(List<UserRecord> records) {
        return framed(body(records));
    }

    /** The protobuf {@code AggregatedRecord} alone. */
    public static byte[] body(List<UserRecord> records) {
        List<String> partitionKeys = new ArrayList<>();
        List<String> explicitHashKeys = new ArrayList<>();
        for (UserRecord record : records) {
            if (!partitionKeys.contains(record.partitionKey)) {
                partitionKeys.add(record.partitionKey);
            }
            if (record.explicitHashKey != null
                    && !explicitHashKeys.contains(record.explicitHashKey)) {
                explicitHashKeys.add(record.explicitHashKey);
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (String key : partitionKeys) {
                out.writeString(1, key);
            }
            for (String key : explicitHashKeys) {
                out.writeString(2, key);
            }
            for (UserRecord record : records) {
                ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
                CodedOutputStream recordOut = CodedOutputStream.newInstance(recordBytes);
                recordOut.writeUInt64(1, partitionKeys.indexOf(record.partitionKey));
                if (record.explicitHashKey != null) {
                    recordOut.writeUInt64(2, explicitHashKeys.indexOf(record.explicitHashKey));
                }
                recordOut.writeByteArray(3, record.data);
                recordOut.flush();
                out.writeByteArray(3, recordBytes.toByteArray());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The magic bytes, {@code body} and its MD5: an aggregate if the body is one. */
    public static byte[] framed(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    public static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
