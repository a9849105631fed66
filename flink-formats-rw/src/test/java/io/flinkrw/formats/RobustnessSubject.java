package io.flinkrw.formats;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.data.RowData;

import java.util.List;

/** A format under {@link RobustnessTest}: its deserializer and valid sample payloads. */
public interface RobustnessSubject {

    /** A new, unopened deserializer. */
    DeserializationSchema<RowData> deserializer(boolean ignoreParseErrors) throws Exception;

    /** Payloads that decode; the test truncates, corrupts and mixes them with noise. */
    List<byte[]> validPayloads();
}
