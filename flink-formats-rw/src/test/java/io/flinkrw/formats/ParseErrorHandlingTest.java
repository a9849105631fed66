package io.flinkrw.formats;

import io.flinkrw.formats.FormatTestUtils.CountingMetricGroup;
import io.flinkrw.formats.avro.AvroEncodingTestAccess;
import io.flinkrw.formats.avro.AvroRobustnessPayloads;
import io.flinkrw.formats.json.JsonRobustnessPayloads;
import io.flinkrw.formats.protobuf.ProtoRobustnessPayloads;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An undecodable payload fails with the format, the byte offset and the payload's length and first
 * bytes; with {@code ignore-parse-errors} it is skipped and counted in the source reader's {@code
 * numRecordsInErrors}, and an exception from downstream is never swallowed.
 */
class ParseErrorHandlingTest {

    static Stream<Arguments> badPayloads() {
        return Stream.of(
                Arguments.of(
                        "rw-json",
                        JsonRobustnessPayloads.subject(1),
                        "{\"id\": 1, \"ok\": 7}".getBytes(StandardCharsets.UTF_8),
                        "rw-json: cannot decode the payload (18 bytes, starting"
                                + " 7b226964223a20312c20226f6b223a20...) at byte offset 16: column"
                                + " `ok`: cannot read the JSON number 7 as BOOLEAN (only true and false)"),
                Arguments.of(
                        "rw-avro",
                        AvroRobustnessPayloads.subject(1),
                        new byte[] {0x02, 0x04},
                        "rw-avro: cannot decode the payload (2 bytes, starting 0204) at byte offset"
                                + " 1: column `name`: union branch 2 out of range (the union has 2)"),
                Arguments.of(
                        "rw-protobuf",
                        ProtoRobustnessPayloads.subject(1),
                        new byte[] {0x08, (byte) 0x96},
                        "rw-protobuf: cannot decode the payload (2 bytes, starting 0896) at byte"
                                + " offset 1: truncated varint"),
                Arguments.of(
                        "rw-protobuf in a column",
                        ProtoRobustnessPayloads.subject(1),
                        new byte[] {0x18, (byte) 0x96},
                        "rw-protobuf: cannot decode the payload (2 bytes, starting 1896) at byte"
                                + " offset 1: column `f_int32`: truncated varint"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void failsWithTheFormatAndTheByteOffset(
            String format, RobustnessSubject subject, byte[] payload, String message)
            throws Exception {
        DeserializationSchema<RowData> strict = FormatTestUtils.open(subject.deserializer(false));
        assertThatThrownBy(() -> FormatTestUtils.collect(strict, payload))
                .isInstanceOf(IOException.class)
                .hasMessage(message)
                .hasCauseInstanceOf(DecodeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void skipsAndCountsInTheSourceReadersErrorCounter(
            String format, RobustnessSubject subject, byte[] payload, String message)
            throws Exception {
        CountingMetricGroup operator = new CountingMetricGroup();
        InternalSourceReaderMetricGroup readerMetrics =
                InternalSourceReaderMetricGroup.mock(operator);
        DeserializationSchema<RowData> lenient = subject.deserializer(true);
        lenient.open(FormatTestUtils.context(readerMetrics));
        assertThat(FormatTestUtils.collect(lenient, payload)).isEmpty();
        assertThat(lenient.deserialize(payload)).isNull();
        assertThat(readerMetrics.getNumRecordsInErrorsCounter().getCount()).isEqualTo(2);
        assertThat(FormatTestUtils.collect(lenient, subject.validPayloads().get(0))).hasSize(1);
        assertThat(readerMetrics.getNumRecordsInErrorsCounter().getCount()).isEqualTo(2);
    }

    @Test
    void downstreamExceptionsAreNeverSwallowed() throws Exception {
        DeserializationSchema<RowData> lenient =
                FormatTestUtils.open(AvroRobustnessPayloads.subject(1).deserializer(true));
        CountingMetricGroup metrics = new CountingMetricGroup();
        lenient.open(FormatTestUtils.context(metrics));
        RuntimeException downstream = new IllegalStateException("sink is full");
        Collector<RowData> failing =
                new Collector<>() {
                    @Override
                    public void collect(RowData record) {
                        throw downstream;
                    }

                    @Override
                    public void close() {}
                };
        byte[] valid = AvroRobustnessPayloads.subject(1).validPayloads().get(0);
        assertThatThrownBy(() -> lenient.deserialize(valid, failing)).isSameAs(downstream);
        assertThat(metrics.count("numRecordsInErrors")).isZero();
        assertThat(AvroEncodingTestAccess.rawOrder(1, "a", 1)).isNotEmpty();
    }

    @Test
    void aNullPayloadIsNoRecordAndNoError() throws Exception {
        DeserializationSchema<RowData> strict =
                FormatTestUtils.open(ProtoRobustnessPayloads.subject(1).deserializer(false));
        assertThat(strict.deserialize(null)).isNull();
        assertThat(FormatTestUtils.collect(strict, null)).isEmpty();
    }
}
