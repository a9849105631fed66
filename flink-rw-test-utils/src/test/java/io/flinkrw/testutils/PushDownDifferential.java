package io.flinkrw.testutils;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs queries over two tables that read the same data, one as planned (every push-down the table
 * takes) and one with {@code 'scan.push-down.enabled' = 'false'}, all in one Flink job, and
 * compares their results: each query's changelog folded to its final table, as a multiset of rows.
 *
 * <p>A query is SQL with {@code %1$s} where the table's name goes. A {@link Query#limited} one (a
 * {@code LIMIT n}) may give any n rows: its two results only have the same size, and each is a
 * sub-multiset of the results of the same query without the limit (which the corpus must run too).
 */
public final class PushDownDifferential {

    private PushDownDifferential() {}

    /** A query of the corpus. */
    public static final class Query {
        private final String sql;
        @Nullable private final String unlimitedSql;
        @Nullable private final Map<String, Integer> expected;

        private Query(
                String sql,
                @Nullable String unlimitedSql,
                @Nullable Map<String, Integer> expected) {
            this.sql = sql;
            this.unlimitedSql = unlimitedSql;
            this.expected = expected;
        }

        /** A query whose results must be the same multiset on both tables. */
        public static Query exact(String sql) {
            return new Query(sql, null, null);
        }

        /** A query whose results must be {@code rows} (in any order) on both tables. */
        public static Query expecting(String sql, List<Row> rows) {
            Map<String, Integer> expected = new TreeMap<>();
            for (Row row : rows) {
                fold(expected, change(row));
            }
            return new Query(sql, null, expected);
        }

        /** {@code sql} with {@code LIMIT n}: any n rows of {@code sql}'s results. */
        public static Query limited(String sql, int n) {
            return new Query(sql + " LIMIT " + n, sql, null);
        }

        /** The SQL on table {@code table}. */
        public String on(String table) {
            return String.format(sql, table);
        }

        @Override
        public String toString() {
            return String.format(sql, "T");
        }
    }

    /**
     * Runs every query on both tables in one job and returns how the results differ, one line per
     * query that differs (empty when none does).
     */
    public static List<String> differences(
            StreamTableEnvironment tables,
            String pushedTable,
            String plainTable,
            List<Query> queries)
            throws Exception {
        List<Query> all = new ArrayList<>(queries);
        for (Query query : queries) {
            if (query.unlimitedSql != null) {
                all.add(Query.exact(query.unlimitedSql));
            }
        }
        List<Map<String, Integer>> pushed = new ArrayList<>();
        List<Map<String, Integer>> plain = new ArrayList<>();
        DataStream<String> results = null;
        for (int i = 0; i < all.size(); i++) {
            pushed.add(new TreeMap<>());
            plain.add(new TreeMap<>());
            for (boolean isPushed : new boolean[] {true, false}) {
                String sql = all.get(i).on(isPushed ? pushedTable : plainTable);
                String tag = i + (isPushed ? "P" : "N");
                DataStream<String> tagged =
                        tables.toChangelogStream(tables.sqlQuery(sql))
                                .map(row -> tag + ' ' + change(row))
                                .returns(Types.STRING)
                                .name(tag);
                results = results == null ? tagged : results.union(tagged);
            }
        }
        try (CloseableIterator<String> it = results.executeAndCollect("push-down differential")) {
            while (it.hasNext()) {
                String line = it.next();
                int space = line.indexOf(' ');
                String tag = line.substring(0, space);
                int index = Integer.parseInt(tag.substring(0, tag.length() - 1));
                fold((tag.endsWith("P") ? pushed : plain).get(index), line.substring(space + 1));
            }
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Query query = queries.get(i);
            String difference;
            if (query.unlimitedSql != null) {
                int unlimited = indexOfUnlimited(all, query);
                difference =
                        compareLimited(
                                pushed.get(i),
                                plain.get(i),
                                pushed.get(unlimited),
                                plain.get(unlimited));
            } else if (query.expected != null && !plain.get(i).equals(query.expected)) {
                difference =
                        "with push-down off it gives "
                                + plain.get(i)
                                + " instead of the data's "
                                + query.expected;
            } else {
                difference = compareExactly(pushed.get(i), plain.get(i));
            }
            if (difference != null) {
                differences.add(query + ": " + difference);
            }
        }
        return differences;
    }

    /** The index of the query that {@code limited} is without its limit. */
    private static int indexOfUnlimited(List<Query> all, Query limited) {
        for (int i = 0; i < all.size(); i++) {
            Query q = all.get(i);
            if (q.unlimitedSql == null && q.sql.equals(limited.unlimitedSql)) {
                return i;
            }
        }
        throw new IllegalStateException("No unlimited query for " + limited);
    }

    /** {@code +} or {@code -} and the row without its kind. */
    private static String change(Row row) {
        boolean adds = row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER;
        Row copy = Row.copy(row);
        copy.setKind(RowKind.INSERT);
        return (adds ? "+" : "-") + copy.toString().substring("+I".length());
    }

    private static void fold(Map<String, Integer> table, String change) {
        String row = change.substring(1);
        int delta = change.charAt(0) == '+' ? 1 : -1;
        int count = table.getOrDefault(row, 0) + delta;
        if (count == 0) {
            table.remove(row);
        } else {
            table.put(row, count);
        }
    }

    private static String compareExactly(Map<String, Integer> pushed, Map<String, Integer> plain) {
        if (pushed.equals(plain)) {
            return null;
        }
        return "as planned it gives "
                + minus(pushed, plain)
                + " more and "
                + minus(plain, pushed)
                + " fewer than with push-down off; with push-down off it gives "
                + plain;
    }

    private static String compareLimited(
            Map<String, Integer> pushed,
            Map<String, Integer> plain,
            Map<String, Integer> pushedUnlimited,
            Map<String, Integer> plainUnlimited) {
        if (size(pushed) != size(plain)) {
            return "as planned it gives "
                    + pushed
                    + ", with push-down off "
                    + plain
                    + ": not as many rows";
        }
        if (!minus(pushed, pushedUnlimited).isEmpty() || !minus(plain, plainUnlimited).isEmpty()) {
            return "as planned it gives "
                    + pushed
                    + ", with push-down off "
                    + plain
                    + ": rows the query without the limit does not give";
        }
        return null;
    }

    /** The rows of {@code a} not in {@code b}, counted as a multiset; negative counts included. */
    private static Map<String, Integer> minus(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> rest = new TreeMap<>();
        a.forEach(
                (row, count) -> {
                    int left = count - b.getOrDefault(row, 0);
                    if (left > 0) {
                        rest.put(row, left);
                    }
                });
        return rest;
    }

    private static int size(Map<String, Integer> table) {
        return table.values().stream().mapToInt(Integer::intValue).sum();
    }
}
