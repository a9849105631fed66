package io.flinkrw.formats.testutils;

import io.flinkrw.testutils.PushDownDifferential.Query;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;

/**
 * Queries over a table of {@link GeneratedOrders} that exercise the table abilities: filters on
 * payload columns, projections of nested fields and of the key, limits, aggregations and, where the
 * table has a watermark, event-time windows. Each is SQL with {@code %1$s} for the table.
 */
public final class OrderQueries {

    private OrderQueries() {}

    /**
     * Queries on the order columns; {@code rowtime} is the table's rowtime column (null without a
     * watermark), windows only on an insert-only table.
     */
    public static List<Arbitrary<Query>> onOrders(String rowtime, boolean upsert) {
        List<Arbitrary<Query>> queries = new ArrayList<>();
        queries.add(Arbitraries.just(Query.exact("SELECT * FROM %1$s")));
        queries.add(
                Arbitraries.integers()
                        .between(0, 200)
                        .map(
                                x ->
                                        Query.exact(
                                                "SELECT id, customer, amount FROM %1$s WHERE amount > "
                                                        + x)));
        queries.add(
                Arbitraries.of(GeneratedOrders.CUSTOMERS)
                        .map(
                                c ->
                                        Query.exact(
                                                "SELECT id, kind FROM %1$s WHERE kind = 'BUY' AND"
                                                        + " customer <> '"
                                                        + c
                                                        + "'")));
        queries.add(
                Arbitraries.of(GeneratedOrders.CITIES)
                        .map(
                                city ->
                                        Query.exact(
                                                "SELECT address.zip, id, address.city FROM %1$s"
                                                        + " WHERE address.city = '"
                                                        + city
                                                        + "'")));
        queries.add(Arbitraries.just(Query.exact("SELECT id FROM %1$s WHERE address IS NULL")));
        queries.add(Arbitraries.just(Query.exact("SELECT tags, address.zip FROM %1$s")));
        queries.add(
                Arbitraries.just(
                        Query.exact(
                                "SELECT customer, COUNT(*), SUM(amount) FROM %1$s GROUP BY"
                                        + " customer")));
        queries.add(
                Arbitraries.integers()
                        .between(1, 6)
                        .map(n -> Query.limited("SELECT id, customer FROM %1$s", n)));
        if (rowtime != null && !upsert) {
            queries.add(
                    Arbitraries.of(1, 5)
                            .map(
                                    seconds ->
                                            Query.exact(
                                                    "SELECT window_start, window_end, COUNT(*),"
                                                            + " SUM(amount) FROM TABLE(TUMBLE(TABLE"
                                                            + " %1$s, DESCRIPTOR("
                                                            + rowtime
                                                            + "), INTERVAL '"
                                                            + seconds
                                                            + "' SECOND)) GROUP BY window_start,"
                                                            + " window_end")));
        }
        return queries;
    }
}
