package io.flinkrw.testutils;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the connectors' SQL tests share: the source scan of a plan, collecting results, counting
 * rows per event-time window, a watermark assigned after the source (to compare with one inside
 * it), and reading a gauge.
 */
public final class SqlTestSupport {

    /** Rows per one-second tumbling window of {@code %s} (a table) on {@code %s} (its rowtime). */
    public static final String WINDOW_COUNTS =
            "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE %s, DESCRIPTOR(%s),"
                    + " INTERVAL '1' SECOND)) GROUP BY window_start, window_end";

    private SqlTestSupport() {}

    /** The {@code TableSourceScan} lines of the optimized execution plan of {@code query}. */
    public static String sourceScanOf(TableEnvironment tables, String query) {
        String plan = tables.explainSql(query);
        String executionPlan = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        return Arrays.stream(executionPlan.split("\n"))
                .filter(line -> line.contains("TableSourceScan("))
                .collect(Collectors.joining("\n"));
    }

    /** Every row of a bounded query. */
    public static List<Row> collectAll(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /**
     * Window start (epoch ms; a {@code TIMESTAMP} read as UTC) to count, of rows of {@link
     * #WINDOW_COUNTS}.
     */
    public static Map<Long, Long> windowCounts(List<Row> rows) {
        Map<Long, Long> counts = new TreeMap<>();
        for (Row row : rows) {
            Object start = row.getField(0);
            long millis =
                    start instanceof Instant
                            ? ((Instant) start).toEpochMilli()
                            : ((LocalDateTime) start).toInstant(ZoneOffset.UTC).toEpochMilli();
            counts.merge(millis, (Long) row.getField(1), Long::sum);
        }
        return counts;
    }

    /**
     * Registers {@code view}: the rows of {@code table} (columns {@code k INT, ev
     * TIMESTAMP_LTZ(3)}) with {@code ev} as the rowtime {@code rowtime} and the highest {@code ev}
     * seen as the watermark after every row, assigned after the source (over all its splits
     * merged).
     */
    public static void createViewWithWatermarkAfterSource(
            StreamTableEnvironment tables, String table, String view) {
        DataStream<Row> rows =
                tables.toDataStream(tables.from(table))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Row>forGenerator(ctx -> new OnEventWatermarks())
                                        .withTimestampAssigner(
                                                (row, ts) ->
                                                        ((Instant) row.getField("ev"))
                                                                .toEpochMilli()));
        tables.createTemporaryView(
                view,
                tables.fromDataStream(
                        rows,
                        Schema.newBuilder()
                                .column("k", DataTypes.INT())
                                .column("ev", DataTypes.TIMESTAMP_LTZ(3))
                                .columnByMetadata("rowtime", DataTypes.TIMESTAMP_LTZ(3))
                                .watermark("rowtime", "SOURCE_WATERMARK()")
                                .build()));
    }

    /** The value of the only gauge of {@code job} whose identifier ends with {@code suffix}. */
    public static long gauge(InMemoryReporter metrics, JobID job, String suffix) {
        List<Long> values = new ArrayList<>();
        for (Map.Entry<String, Metric> metric : metrics.getMetricsByIdentifiers(job).entrySet()) {
            if (metric.getKey().endsWith(suffix)) {
                values.add(((Number) ((Gauge<?>) metric.getValue()).getValue()).longValue());
            }
        }
        assertThat(values).as("gauges ending with %s", suffix).hasSize(1);
        return values.get(0);
    }

    /** Emits the highest event time seen as the watermark after every record. */
    private static final class OnEventWatermarks implements WatermarkGenerator<Row> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Row event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > max) {
                max = eventTimestamp;
                output.emitWatermark(new Watermark(max));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
