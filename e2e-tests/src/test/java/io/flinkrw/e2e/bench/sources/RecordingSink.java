package io.flinkrw.e2e.bench.sources;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A discarding sink that hands every payload to the {@link ReadRecorder} pass under way when its
 * job started (the benchmark jobs run on an embedded cluster, parallelism 1, chained to the
 * source).
 */
final class RecordingSink implements Sink<byte[]> {

    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<byte[]> createWriter(WriterInitContext context) {
        ReadRecorder recorder = ReadRecorder.current();
        return new SinkWriter<>() {
            @Override
            public void write(byte[] payload, Context context) {
                recorder.record(payload);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
