package io.flinkrw.connector.kinesis.source;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that keeps every value it receives in this JVM (the MiniCluster's), across job restarts;
 * for tests that must see what each attempt of a job wrote.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> VALUES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
        VALUES.put(id, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    List<T> values() {
        return new ArrayList<>((Queue<T>) (Queue<?>) VALUES.get(id));
    }

    int size() {
        return VALUES.get(id).size();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> values = VALUES.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                values.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
