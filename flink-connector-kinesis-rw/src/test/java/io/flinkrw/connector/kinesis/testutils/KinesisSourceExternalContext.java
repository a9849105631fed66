package io.flinkrw.connector.kinesis.testutils;

import io.flinkrw.connector.kinesis.source.KinesisSource;
import io.flinkrw.connector.kinesis.source.KinesisSourceBuilder;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

import software.amazon.awssdk.services.kinesis.model.Shard;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Flink's connector test suite on one Kinesis stream: the stream has {@value #SPLITS} shards, and
 * the suite's split {@code i} is shard {@code i} (records go to it by explicit hash key). The
 * suite's bounded mode is {@code scan.bounded.mode = latest}. Extra source options select, for
 * instance, enhanced fan-out.
 */
public final class KinesisSourceExternalContext implements DataStreamSourceExternalContext<String> {

    /** The suite never asks for more than 4 splits. */
    public static final int SPLITS = 4;

    private static final int RECORDS_PER_SPLIT = 20;

    private final KinesisTestStreams streams;
    private final Map<String, String> extraOptions;
    private final String stream;
    private final List<Shard> shards;
    private int writers;

    public KinesisSourceExternalContext(KinesisEmulator emulator) {
        this(emulator, Map.of());
    }

    public KinesisSourceExternalContext(
            KinesisEmulator emulator, Map<String, String> extraOptions) {
        this.streams = new KinesisTestStreams(emulator);
        this.extraOptions = Map.copyOf(extraOptions);
        this.stream = "suite-" + UUID.randomUUID();
        streams.create(stream, SPLITS);
        this.shards = streams.openShards(stream);
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings settings) {
        KinesisSourceBuilder<String> builder =
                KinesisSource.<String>builder()
                        .setProperties(streams.sourceOptions(stream))
                        .setProperties(extraOptions)
                        .setValueOnlyDeserializer(new SimpleStringSchema());
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            builder.setBoundedToLatest();
        }
        return builder.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings settings) {
        if (writers >= SPLITS) {
            throw new IllegalStateException("The stream has only " + SPLITS + " shards");
        }
        String hashKey = shards.get(writers++).hashKeyRange().startingHashKey();
        return new ExternalSystemSplitDataWriter<>() {
            @Override
            public void writeRecords(List<String> records) {
                streams.putToHashKey(stream, hashKey, records);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public List<String> generateTestData(
            TestingSourceSettings settings, int splitIndex, long seed) {
        Random random = new Random(seed);
        List<String> records = new ArrayList<>(RECORDS_PER_SPLIT);
        for (int i = 0; i < RECORDS_PER_SPLIT; i++) {
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
    public void close() {
        try {
            streams.delete(stream);
        } finally {
            streams.close();
        }
    }

    @Override
    public String toString() {
        return "Kinesis shards as splits" + (extraOptions.isEmpty() ? "" : " " + extraOptions);
    }
}
