package io.flinkrw.connector.nats.testutils;

import io.flinkrw.connector.nats.source.NatsJetStreamSource;
import io.flinkrw.connector.nats.source.NatsJetStreamSourceBuilder;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Flink's connector testframe context for the NATS source: one stream per test with four subjects,
 * one per split; writer {@code i} publishes to subject {@code i}. The source lists the four
 * subjects without naming the stream, so each split's stream is looked up.
 */
public final class NatsSourceExternalContext implements DataStreamSourceExternalContext<String> {

    /** The suite never writes to more splits than this. */
    public static final int SPLITS = 4;

    private final NatsServer server;
    private final String stream;
    private final NatsTestStreams streams;
    private final List<String> subjects = new ArrayList<>();
    private int writers;

    public NatsSourceExternalContext(NatsServer server) {
        this.server = server;
        this.stream = "ctx_" + UUID.randomUUID().toString().replace("-", "");
        for (int i = 0; i < SPLITS; i++) {
            subjects.add(stream + ".split-" + i);
        }
        try {
            this.streams = NatsTestStreams.connect(server);
            streams.createStream(stream, stream + ".>");
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the test stream " + stream, e);
        }
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings sourceSettings) {
        NatsJetStreamSourceBuilder<String> builder =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(server.url())
                        .setSubjects(subjects.toArray(new String[0]))
                        .setFetchBatchSize(100)
                        .setValueOnlyDeserializer(new SimpleStringSchema());
        if (sourceSettings.getBoundedness() == Boundedness.BOUNDED) {
            builder.setBounded();
        }
        return builder.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings sourceSettings) {
        if (writers >= SPLITS) {
            throw new IllegalStateException("This context has only " + SPLITS + " splits");
        }
        String subject = subjects.get(writers++);
        return new ExternalSystemSplitDataWriter<>() {
            @Override
            public void writeRecords(List<String> records) {
                try {
                    for (String record : records) {
                        streams.publish(subject, record);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("Could not publish to " + subject, e);
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public List<String> generateTestData(
            TestingSourceSettings sourceSettings, int splitIndex, long seed) {
        Random random = new Random(seed);
        int count = 50 + random.nextInt(100);
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add("split-" + splitIndex + "-" + i + "-" + random.nextInt(1_000_000));
        }
        return records;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public void close() throws Exception {
        try {
            streams.deleteStream(stream);
        } finally {
            streams.close();
        }
    }

    @Override
    public String toString() {
        return "NATS JetStream, one split per subject";
    }
}
