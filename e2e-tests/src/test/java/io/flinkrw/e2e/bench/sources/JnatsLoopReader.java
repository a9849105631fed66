package io.flinkrw.e2e.bench.sources;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.OrderedConsumerConfiguration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** The ceiling: a plain jnats loop over an ordered consumer, the same batch size as the others. */
final class JnatsLoopReader {

    private JnatsLoopReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        ReadRecorder recorder = ReadRecorder.current();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = Nats.connect(params.get("url"))) {
            ConsumeOptions options =
                    ConsumeOptions.builder()
                            .batchSize(Integer.parseInt(params.get("batch")))
                            .build();
            try (IterableConsumer consumer =
                    connection
                            .getStreamContext(params.get("stream"))
                            .createOrderedConsumer(
                                    new OrderedConsumerConfiguration()
                                            .filterSubject(params.get("subject")))
                            .iterate(options)) {
                while (!recorder.isDone()) {
                    Message message = consumer.nextMessage(Duration.ofMillis(200));
                    if (message != null) {
                        recorder.record(message.getData());
                    } else if (System.nanoTime() > deadline) {
                        throw new TimeoutException("Not every record was read within " + timeout);
                    }
                }
            }
        }
    }
}
