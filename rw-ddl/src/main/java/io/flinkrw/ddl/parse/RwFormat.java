package io.flinkrw.ddl.parse;

import javax.annotation.Nullable;

import java.util.List;

/**
 * The format of a statement, in the new syntax's terms whichever syntax was used: the legacy {@code
 * ROW FORMAT PROTOBUF MESSAGE 'm' ROW SCHEMA LOCATION 'u'} is {@code FORMAT PLAIN ENCODE PROTOBUF
 * (message = 'm', schema.location = 'u')}, as RisingWave rewrites it.
 *
 * @param format {@code PLAIN}, {@code UPSERT}, {@code DEBEZIUM}, ... (upper case)
 * @param encode {@code JSON}, {@code AVRO}, {@code PROTOBUF}, ... (upper case)
 * @param options the {@code ENCODE (...)} options (for the legacy syntax, those it implies)
 * @param written how the format was written, e.g. {@code ROW FORMAT UPSERT_JSON}
 * @param position where the format clause starts
 * @param keyEncode the {@code KEY ENCODE} of an upsert format, if any
 */
public record RwFormat(
        String format,
        String encode,
        List<RwOption> options,
        boolean legacy,
        String written,
        SourcePosition position,
        @Nullable String keyEncode) {

    public RwFormat {
        options = List.copyOf(options);
    }
}
