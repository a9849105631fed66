package io.flinkrw.formats.avro;

import io.flinkrw.formats.DecodeException;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invalid UTF-8 in an Avro {@code string} makes the payload undecodable, as in RisingWave (its
 * apache-avro decoder reads a string with {@code String::from_utf8} and skips the message when that
 * fails); Avro {@code bytes} read as STRING keep their bytes.
 */
class AvroInvalidUtf8Test {

    /** {@code c3 28}: a two-byte lead followed by ASCII. */
    private static final byte[] INVALID_STRING = {0x04, (byte) 0xC3, 0x28};

    @Test
    void anInvalidStringFailsNamingTheColumn() {
        String avsc =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"v\",\"type\":\"string\"}]}";
        assertThatThrownBy(() -> decode(avsc, DataTypes.STRING(), INVALID_STRING))
                .isInstanceOf(IOException.class)
                .hasCauseInstanceOf(DecodeException.class)
                .hasMessageEndingWith("column `v`: invalid UTF-8 in a string");
    }

    @Test
    void anInvalidMapKeyFailsNamingTheColumn() {
        String avsc =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"v\",\"type\":"
                        + "{\"type\":\"map\",\"values\":\"int\"}}]}";
        // One entry: key c3 28, value 1; then the end of the map.
        byte[] payload = {0x02, 0x04, (byte) 0xC3, 0x28, 0x02, 0x00};
        assertThatThrownBy(
                        () ->
                                decode(
                                        avsc,
                                        DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()),
                                        payload))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("column `v`: invalid UTF-8 in a map key");
    }

    @Test
    void bytesReadAsStringKeepTheirBytes() throws Exception {
        String avsc =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"v\",\"type\":\"bytes\"}]}";
        GenericRowData row = (GenericRowData) decode(avsc, DataTypes.STRING(), INVALID_STRING);
        assertThat(((StringData) row.getField(0)).toBytes())
                .containsExactly((byte) 0xC3, (byte) 0x28);
    }

    @Test
    void validMultiByteTextDecodes() throws Exception {
        String avsc =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"v\",\"type\":\"string\"}]}";
        byte[] text = "Zürich €".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1];
        payload[0] = (byte) (text.length * 2);
        System.arraycopy(text, 0, payload, 1, text.length);
        GenericRowData row = (GenericRowData) decode(avsc, DataTypes.STRING(), payload);
        assertThat(row.getField(0)).hasToString("Zürich €");
    }

    private static Object decode(String avsc, DataType type, byte[] payload) throws Exception {
        RowType columns = (RowType) DataTypes.ROW(DataTypes.FIELD("v", type)).getLogicalType();
        return AvroTestSupport.deserializer(avsc, columns, AvroEncoding.RAW, false)
                .deserialize(payload);
    }
}
