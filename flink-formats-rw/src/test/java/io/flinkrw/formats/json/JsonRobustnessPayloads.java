package io.flinkrw.formats.json;

import io.flinkrw.formats.RobustnessSubject;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** rw-json under the robustness test: a table of every kind of column. */
public final class JsonRobustnessPayloads {

    private JsonRobustnessPayloads() {}

    public static RobustnessSubject subject(long seed) {
        return new RobustnessSubject() {
            @Override
            public DeserializationSchema<RowData> deserializer(boolean ignore) {
                return RwJsonDeserializationSchema.builder()
                        .setIgnoreParseErrors(ignore)
                        .setColumns(
                                DataTypes.ROW(
                                        DataTypes.FIELD("id", DataTypes.BIGINT()),
                                        DataTypes.FIELD("name", DataTypes.STRING()),
                                        DataTypes.FIELD("price", DataTypes.DECIMAL(10, 2)),
                                        DataTypes.FIELD("ok", DataTypes.BOOLEAN()),
                                        DataTypes.FIELD("at", DataTypes.TIMESTAMP_LTZ(3)),
                                        DataTypes.FIELD("day", DataTypes.DATE()),
                                        DataTypes.FIELD("raw", DataTypes.BYTES()),
                                        DataTypes.FIELD(
                                                "tags", DataTypes.ARRAY(DataTypes.STRING())),
                                        DataTypes.FIELD(
                                                "attrs",
                                                DataTypes.MAP(
                                                        DataTypes.STRING(), DataTypes.DOUBLE())),
                                        DataTypes.FIELD(
                                                "addr",
                                                DataTypes.ROW(
                                                        DataTypes.FIELD("city", DataTypes.STRING()),
                                                        DataTypes.FIELD("zip", DataTypes.INT())))))
                        .build();
            }

            @Override
            public List<byte[]> validPayloads() {
                return Stream.of(
                                "{\"id\": 1, \"name\": \"ann\", \"price\": \"12.50\", \"ok\": true,"
                                        + " \"at\": \"2024-04-11T02:00:00Z\", \"day\": \"2024-04-11\","
                                        + " \"raw\": \"\\\\x00ff\", \"tags\": [\"a\", \"b\"],"
                                        + " \"attrs\": {\"w\": 1.5}, \"addr\": {\"city\": \"Oslo\","
                                        + " \"zip\": 150}}",
                                "{\"ID\": \"2\", \"Name\": 3, \"at\": 1712800800123, \"tags\": [],"
                                        + " \"addr\": \"{\\\"city\\\": \\\"Rome\\\"}\", \"x\": [[{}]]}",
                                "{\"id\": -9, \"price\": 1e2, \"day\": 19000, \"attrs\": {},"
                                        + " \"name\": \"\\u00e9\\ud83d\\ude00\"}",
                                "{}")
                        .map(json -> json.getBytes(StandardCharsets.UTF_8))
                        .collect(Collectors.toList());
            }
        };
    }
}
