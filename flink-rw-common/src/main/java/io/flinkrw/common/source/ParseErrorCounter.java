package io.flinkrw.common.source;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

/**
 * Where a format counts the records it skips with {@code ignore-parse-errors}: the source's
 * standard {@code numRecordsInErrors} counter.
 *
 * <p>Our connectors open the deserialization schema with the reader's {@link
 * SourceReaderMetricGroup} as the metric group, so the count lands in Flink's standard source
 * metric; with any other source, the format registers its own {@code numRecordsInErrors} counter.
 */
public final class ParseErrorCounter {

    /** The name of Flink's standard source error counter. */
    public static final String NUM_RECORDS_IN_ERRORS = "numRecordsInErrors";

    private ParseErrorCounter() {}

    public static Counter of(DeserializationSchema.InitializationContext context) {
        MetricGroup group = context.getMetricGroup();
        if (group instanceof SourceReaderMetricGroup) {
            return ((SourceReaderMetricGroup) group).getNumRecordsInErrorsCounter();
        }
        return group.counter(NUM_RECORDS_IN_ERRORS);
    }
}
