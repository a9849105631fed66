package io.flinkrw.common.table;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableRowDeserializerTest {

    /** A record of a pretend connector: a key, a payload "a,b" meaning two rows a and b. */
    static final class Record {
        final String key;
        final String payload;

        Record(String key, String payload) {
            this.key = key;
            this.payload = payload;
        }
    }

    /** Decodes "x,y" into one single-column row per element; "skip" into nothing. */
    static final class SplittingFormat implements DeserializationSchema<RowData> {
        boolean opened;

        @Override
        public void open(InitializationContext context) {
            opened = true;
        }

        @Override
        public RowData deserialize(byte[] message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deserialize(byte[] message, Collector<RowData> out) {
            String text = new String(message, StandardCharsets.UTF_8);
            if (text.equals("skip")) {
                return;
            }
            for (String part : text.split(",")) {
                out.collect(GenericRowData.of(StringData.fromString(part)));
            }
        }

        @Override
        public boolean isEndOfStream(RowData nextElement) {
            return false;
        }

        @Override
        public TypeInformation<RowData> getProducedType() {
            return null;
        }
    }

    private static List<RowData> run(TableRowDeserializer<Record> deserializer, Record record)
            throws Exception {
        deserializer.open(context());
        List<RowData> rows = new ArrayList<>();
        deserializer.deserialize(
                record,
                new Collector<>() {
                    @Override
                    public void collect(RowData row) {
                        rows.add(row);
                    }

                    @Override
                    public void close() {}
                });
        return rows;
    }

    private static DeserializationSchema.InitializationContext context() {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public org.apache.flink.metrics.MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public org.apache.flink.util.UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        };
    }

    private static byte[] payload(Record r) {
        return r.payload.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendsMetadataToEveryDecodedRowInOrder() throws Exception {
        SplittingFormat format = new SplittingFormat();
        TableRowDeserializer<Record> deserializer =
                new TableRowDeserializer<>(
                        format,
                        TableRowDeserializerTest::payload,
                        List.of(r -> StringData.fromString(r.key), r -> 42L),
                        false);
        List<RowData> rows = run(deserializer, new Record("k1", "a,b"));
        assertThat(format.opened).isTrue();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getArity()).isEqualTo(3);
        assertThat(rows.get(1).getString(0).toString()).isEqualTo("b");
        assertThat(rows.get(1).getString(1).toString()).isEqualTo("k1");
        assertThat(rows.get(1).getLong(2)).isEqualTo(42L);
        assertThat(rows).allSatisfy(r -> assertThat(r.getRowKind()).isEqualTo(RowKind.INSERT));
    }

    @Test
    void primaryKeyMakesRowsUpserts() throws Exception {
        TableRowDeserializer<Record> deserializer =
                new TableRowDeserializer<>(
                        new SplittingFormat(), TableRowDeserializerTest::payload, List.of(), true);
        assertThat(run(deserializer, new Record("k", "a")))
                .singleElement()
                .satisfies(r -> assertThat(r.getRowKind()).isEqualTo(RowKind.UPDATE_AFTER));
    }

    @Test
    void skippedRecordGivesNoRow() throws Exception {
        TableRowDeserializer<Record> deserializer =
                new TableRowDeserializer<>(
                        new SplittingFormat(),
                        TableRowDeserializerTest::payload,
                        List.of(r -> 1L),
                        true);
        assertThat(run(deserializer, new Record("k", "skip"))).isEmpty();
    }

    @Test
    void changelogIsUpsertOnlyForInsertOnlyFormatsWithAKey() {
        assertThat(TableRowDeserializer.changelogMode(ChangelogMode.insertOnly(), true))
                .isEqualTo(ChangelogMode.upsert());
        assertThat(TableRowDeserializer.changelogMode(ChangelogMode.insertOnly(), false))
                .isEqualTo(ChangelogMode.insertOnly());
        assertThat(TableRowDeserializer.changelogMode(ChangelogMode.all(), true))
                .isEqualTo(ChangelogMode.all());
    }
}
