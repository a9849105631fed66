package io.flinkrw.ddl;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Creates translated tables as the translator prints them and reads them on a MiniCluster. */
final class TranslatedTables {

    /** How long an unbounded read may wait for its rows before it gives up. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private TranslatedTables() {}

    /** A new table environment holding {@code translation}'s table, created from the output. */
    static StreamTableEnvironment create(StatementTranslation translation) {
        StreamTableEnvironment env =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        env.executeSql(withoutSemicolon(FlinkDdlPrinter.print(translation)));
        return env;
    }

    /**
     * Every row of {@code table} read with {@code SELECT *}, the table bounded ({@code
     * 'scan.bounded.mode' = 'latest'}) so that the query ends with what the stream holds.
     */
    static List<Row> readBounded(FlinkTable table) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(table.options());
        options.put("scan.bounded.mode", "latest");
        FlinkTable bounded =
                new FlinkTable(
                        table.name(),
                        table.ifNotExists(),
                        table.columns(),
                        table.primaryKey(),
                        table.primaryKeyAsComment(),
                        options);
        StreamTableEnvironment env =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        env.executeSql(withoutSemicolon(FlinkDdlPrinter.createTable(bounded)));
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result = selectAll(env, table).collect()) {
            result.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** Runs {@code SELECT *} on {@code table} of {@code env}. */
    static TableResult selectAll(StreamTableEnvironment env, FlinkTable table) {
        return env.executeSql("SELECT * FROM " + FlinkIdentifiers.quote(table.name()));
    }

    /**
     * The first {@code count} rows of an unbounded query, which is then cancelled; fewer when they
     * do not come within {@link #PATIENCE}.
     */
    static List<Row> first(TableResult result, int count) throws Exception {
        List<Row> rows = new ArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try (CloseableIterator<Row> it = result.collect()) {
            watchdog.schedule(
                    () -> {
                        it.close();
                        return null;
                    },
                    PATIENCE.toMillis(),
                    TimeUnit.MILLISECONDS);
            while (rows.size() < count && it.hasNext()) {
                rows.add(it.next());
            }
        } finally {
            watchdog.shutdownNow();
        }
        return rows;
    }

    /** {@code sql} without its final semicolon, as {@code executeSql} takes it. */
    static String withoutSemicolon(String sql) {
        String trimmed = sql.stripTrailing();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
