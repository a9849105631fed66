package io.flinkrw.connector.nats.source.reader;

import io.flinkrw.common.source.RecordLimit;
import io.flinkrw.connector.nats.config.NatsSourceConfig;
import io.flinkrw.connector.nats.source.NatsRecordDeserializer;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader keeps only splits of the subjects its source reads. */
class NatsSourceReaderTest {

    @Test
    void restoredSplitsOfSubjectsNoLongerReadAreDropped() throws Exception {
        NatsSourceConfig config =
                NatsSourceConfig.fromProperties(
                                Map.of(
                                        "server_url", "nats://localhost:4222",
                                        "subject", "orders.*",
                                        "connect_mode", "plain"))
                        .narrowedTo(List.of("orders.eu"));
        try (NatsSourceReader<String> reader =
                NatsSourceReader.create(
                        config,
                        NatsRecordDeserializer.valueOnly(new SimpleStringSchema()),
                        new TestingReaderContext(),
                        new RecordLimit(RecordLimit.UNLIMITED))) {
            // Splits a job that read "orders.*" whole, or "orders.us", checkpointed.
            reader.addSplits(
                    List.of(
                            new NatsSubjectSplit(
                                    "S",
                                    "orders.*",
                                    StartPosition.afterSequence(7),
                                    NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                            new NatsSubjectSplit(
                                    "S",
                                    "orders.us",
                                    StartPosition.afterSequence(3),
                                    NatsSubjectSplit.NO_STOPPING_SEQUENCE)));
            assertThat(reader.snapshotState(1)).isEmpty();
        }
    }
}
