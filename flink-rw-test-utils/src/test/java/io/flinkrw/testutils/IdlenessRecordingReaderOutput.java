package io.flinkrw.testutils;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * Flink's {@link TestingReaderOutput} that also takes a reader's idleness: it records, in order,
 * {@code idle} and {@code active} for the reader's own output, {@code idle <split>} for a split's
 * output, and {@code released <split>}.
 */
public class IdlenessRecordingReaderOutput<E> extends TestingReaderOutput<E> {

    private final List<String> statusChanges = new ArrayList<>();

    @Override
    public void markIdle() {
        statusChanges.add("idle");
    }

    @Override
    public void markActive() {
        statusChanges.add("active");
    }

    @Override
    public SourceOutput<E> createOutputForSplit(String splitId) {
        TestingReaderOutput<E> records = this;
        return new SourceOutput<>() {
            @Override
            public void collect(E record) {
                records.collect(record);
            }

            @Override
            public void collect(E record, long timestamp) {
                records.collect(record, timestamp);
            }

            @Override
            public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {}

            @Override
            public void markIdle() {
                statusChanges.add("idle " + splitId);
            }

            @Override
            public void markActive() {
                statusChanges.add("active " + splitId);
            }
        };
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        statusChanges.add("released " + splitId);
    }

    /** The status changes so far, in order. */
    public List<String> statusChanges() {
        return new ArrayList<>(statusChanges);
    }
}
