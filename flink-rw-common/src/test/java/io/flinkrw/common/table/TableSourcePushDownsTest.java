package io.flinkrw.common.table;

import io.flinkrw.common.source.RecordLimit;

import org.apache.flink.api.common.eventtime.NoWatermarksGenerator;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TableSourcePushDownsTest {

    static final DataType PHYSICAL =
            DataTypes.ROW(
                    DataTypes.FIELD("a", DataTypes.STRING()),
                    DataTypes.FIELD("b", DataTypes.INT()));

    @Test
    void nothingPushedProducesThePhysicalRowWithoutWatermarksOrLimit() {
        TableSourcePushDowns pushed = new TableSourcePushDowns(PHYSICAL);
        assertThat(pushed.producedDataType()).isEqualTo(PHYSICAL);
        assertThat(pushed.projection()).isNull();
        assertThat(pushed.metadataKeys()).isEmpty();
        assertThat(pushed.limit()).isEqualTo(RecordLimit.UNLIMITED);
        assertThat(
                        pushed.watermarkStrategy(SourceWatermarkOptions.NONE)
                                .createWatermarkGenerator(null))
                .isInstanceOf(NoWatermarksGenerator.class);
        assertThat(pushed.isSourceWatermark()).isFalse();
    }

    @Test
    void theLastWatermarkDeclarationWinsAndCopiesAreEqual() {
        TableSourcePushDowns pushed = new TableSourcePushDowns(PHYSICAL);
        WatermarkStrategy<RowData> expression =
                WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5));
        pushed.applyWatermark(expression);
        assertThat(pushed.watermarkStrategy(SourceWatermarkOptions.NONE)).isSameAs(expression);

        pushed.applyProjection(new int[][] {{1}});
        pushed.applyReadableMetadata(
                List.of("subject"),
                DataTypes.ROW(
                        DataTypes.FIELD("b", DataTypes.INT()),
                        DataTypes.FIELD("subject", DataTypes.STRING())));
        pushed.applyLimit(10);
        TableSourcePushDowns copy = pushed.copy();
        assertThat(copy).isEqualTo(pushed).hasSameHashCodeAs(pushed);
        assertThat(copy.limit()).isEqualTo(10);
        assertThat(copy.projection()).isEqualTo(new int[][] {{1}});
        assertThat(copy.metadataKeys()).containsExactly("subject");

        copy.applySourceWatermark();
        assertThat(copy).isNotEqualTo(pushed);
        assertThat(copy.isSourceWatermark()).isTrue();
        assertThat(copy.watermarkStrategy(SourceWatermarkOptions.NONE)).isNotSameAs(expression);
    }

    @Test
    void sourceWatermarkOptionsTakeTheTableIdleTimeoutOverTheSessionOne() {
        Configuration session = new Configuration();
        session.setString("table.exec.source.idle-timeout", "7 s");
        SourceWatermarkOptions fromSession =
                SourceWatermarkOptions.from(new Configuration(), session, Duration.ZERO);
        SourceWatermarkOptions fromTable =
                SourceWatermarkOptions.from(
                        Configuration.fromMap(
                                Map.of(
                                        "scan.watermark.idle-timeout", "2 s",
                                        "scan.watermark.alignment.group", "g",
                                        "scan.watermark.alignment.max-drift", "1 min")),
                        session,
                        Duration.ZERO);
        assertThat(fromSession.toString()).contains("idleTimeout=PT7S", "alignment=none");
        assertThat(fromTable.toString()).contains("idleTimeout=PT2S", "alignment=g/PT1M/PT1S");
        assertThat(
                        SourceWatermarkOptions.from(
                                new Configuration(), new Configuration(), Duration.ZERO))
                .isEqualTo(SourceWatermarkOptions.NONE);
        assertThat(fromTable.strategy().getAlignmentParameters().getWatermarkGroup())
                .isEqualTo("g");
    }

    @Test
    void limitAndFiltersOnlyIntoInsertOnlyChangelogsAndProjectionUnlessUpsertWithParallelism() {
        assertThat(TableSourcePushDowns.canPushFilters(ChangelogMode.insertOnly())).isTrue();
        assertThat(TableSourcePushDowns.canPushFilters(ChangelogMode.upsert())).isFalse();
        assertThat(TableSourcePushDowns.canPushFilters(ChangelogMode.all())).isFalse();
        assertThat(TableSourcePushDowns.canPushLimit(ChangelogMode.insertOnly())).isTrue();
        assertThat(TableSourcePushDowns.canPushLimit(ChangelogMode.upsert())).isFalse();
        assertThat(TableSourcePushDowns.canPushLimit(ChangelogMode.all())).isFalse();
        assertThat(TableSourcePushDowns.canPushProjection(ChangelogMode.insertOnly(), 3)).isTrue();
        assertThat(TableSourcePushDowns.canPushProjection(ChangelogMode.upsert(), null)).isTrue();
        assertThat(TableSourcePushDowns.canPushProjection(ChangelogMode.upsert(), 3)).isFalse();
        assertThat(TableSourcePushDowns.canPushProjection(ChangelogMode.all(), 3)).isFalse();
    }

    /** The watermarks {@code strategy} emits for records at 1000, 3000, 2000, then periodically. */
    private static List<Long> watermarks(WatermarkStrategy<RowData> strategy) {
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        emitted.add(watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        WatermarkGenerator<RowData> generator = strategy.createWatermarkGenerator(null);
        for (long timestamp : new long[] {1000, 3000, 2000}) {
            generator.onEvent(GenericRowData.of(), timestamp, output);
        }
        emitted.add(-1L);
        generator.onPeriodicEmit(output);
        return emitted;
    }

    @Test
    void sourceWatermarksAreEmittedAfterEveryRecordWithOnEvent() {
        SourceWatermarkOptions onEvent =
                SourceWatermarkOptions.from(
                        Configuration.fromMap(Map.of("scan.watermark.emit.strategy", "on-event")),
                        new Configuration(),
                        Duration.ZERO);
        assertThat(watermarks(onEvent.strategy())).containsExactly(999L, 2999L, -1L);
        assertThat(onEvent).isNotEqualTo(SourceWatermarkOptions.NONE);
        assertThat(onEvent.toString()).contains("emit=on-event");

        SourceWatermarkOptions periodic =
                SourceWatermarkOptions.from(
                        Configuration.fromMap(
                                Map.of("scan.watermark.emit.strategy", "on-periodic")),
                        new Configuration(),
                        Duration.ZERO);
        assertThat(periodic).isEqualTo(SourceWatermarkOptions.NONE);
        assertThat(watermarks(periodic.strategy())).containsExactly(-1L, 2999L);
    }

    @Test
    void sourceWatermarksTrailTheLargestTimestampByTheMaximumOutOfOrderness() {
        Configuration session = new Configuration();
        for (String emit : new String[] {"on-event", "on-periodic"}) {
            Map<String, String> table = Map.of("scan.watermark.emit.strategy", emit);
            SourceWatermarkOptions byDefault =
                    SourceWatermarkOptions.from(
                            Configuration.fromMap(table), session, Duration.ofMillis(1500));
            assertThat(watermarks(byDefault.strategy()))
                    .as(emit)
                    .contains(1499L)
                    .doesNotContain(2999L);

            Map<String, String> withOption = new HashMap<>(table);
            withOption.put("scan.source-watermark.max-out-of-orderness", "500 ms");
            SourceWatermarkOptions set =
                    SourceWatermarkOptions.from(
                            Configuration.fromMap(withOption), session, Duration.ofMillis(1500));
            assertThat(watermarks(set.strategy())).as(emit).contains(2499L);
            assertThat(set.toString()).contains("maxOutOfOrderness=PT0.5S");
            assertThat(set).isNotEqualTo(byDefault);
        }
    }
}
