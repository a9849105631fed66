package io.flinkrw.testutils;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An unbounded query whose rows are collected in the background until it is closed (cancelled). */
public final class RunningQuery implements AutoCloseable {

    private final List<Row> rows = new CopyOnWriteArrayList<>();
    private final TableResult result;
    private final CloseableIterator<Row> iterator;
    private final Thread reader;

    public RunningQuery(TableResult result) {
        this.result = result;
        this.iterator = result.collect();
        this.reader =
                new Thread(
                        () -> {
                            try {
                                while (iterator.hasNext()) {
                                    rows.add(iterator.next());
                                }
                            } catch (RuntimeException e) {
                                // The job was cancelled.
                            }
                        },
                        "collect");
        reader.start();
    }

    /** The rows collected so far. */
    public List<Row> rows() {
        return rows;
    }

    /** The sum of the rows' second field, a count (as {@link SqlTestSupport#WINDOW_COUNTS}). */
    public long sumOfCounts() {
        return rows.stream().mapToLong(row -> (Long) row.getField(1)).sum();
    }

    @Override
    public void close() throws Exception {
        result.getJobClient().orElseThrow().cancel().get();
        iterator.close();
        reader.join();
    }
}
