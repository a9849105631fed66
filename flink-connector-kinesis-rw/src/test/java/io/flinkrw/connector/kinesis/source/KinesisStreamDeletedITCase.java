package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.RestartStrategyUtils;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stream deleted while a job reads it (kinesalite, which answers like AWS, and kinesis-local for
 * one created again): the job fails naming the stream, bounded or not, instead of finishing with
 * part of the data or reading nothing.
 */
class KinesisStreamDeletedITCase {

    private static final int RECORDS = 3_000;

    /**
     * kinesalite stamps a new stream with the second of the instant two seconds before; with this
     * much, a stream created again is stamped with a later second on either emulator.
     */
    private static final Duration CREATION_BACKDATING = Duration.ofSeconds(2);

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesalite();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KinesisTestStreams streams;

    @BeforeAll
    static void connect() {
        streams = new KinesisTestStreams(KINESIS);
    }

    @AfterAll
    static void disconnect() {
        streams.close();
    }

    private static List<PutRecordsRequestEntry> records(String prefix, int count) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey("key-" + (i % 10))
                            .data(SdkBytes.fromString(prefix + i, StandardCharsets.UTF_8))
                            .build());
        }
        return entries;
    }

    /** Starts the job; it never restarts. */
    private static JobClient start(KinesisSource<String> source, CollectingSink<String> sink)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureNoRestartStrategy(env);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                .setParallelism(1)
                .sinkTo(sink);
        return env.executeAsync();
    }

    private static void deleteAndAwaitGone(KinesisTestStreams server, String stream)
            throws Exception {
        server.delete(stream);
        waitUtil(
                () -> {
                    try {
                        server.client().describeStreamSummary(b -> b.streamName(stream));
                        return false;
                    } catch (ResourceNotFoundException e) {
                        return true;
                    }
                },
                Duration.ofSeconds(30),
                "Stream " + stream + " was not deleted");
    }

    private static void assertFailsNaming(JobClient job, String stream) {
        // A hang guard: the job must fail soon after the deletion, not run on or finish.
        assertThatThrownBy(() -> job.getJobExecutionResult().get(120, TimeUnit.SECONDS))
                .satisfies(anyCauseMatches("Kinesis stream '" + stream + "'"));
    }

    @Test
    void aBoundedReadOfAStreamDeletedMidReadFailsNamingTheStream() throws Exception {
        String stream = "deleted-" + UUID.randomUUID();
        streams.create(stream, 2);
        streams.putAll(stream, records("r-", RECORDS));
        KinesisSource<String> source =
                KinesisSource.<String>builder()
                        .setProperties(streams.sourceOptions(stream))
                        .setProperty("kinesis.reader.max_records_per_call", "50")
                        .setProperty("kinesis.reader.nonempty_read_interval_ms", "200")
                        .setBoundedToLatest()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        CollectingSink<String> sink = new CollectingSink<>();
        JobClient job = start(source, sink);
        try {
            waitUtil(() -> sink.size() >= 200, Duration.ofSeconds(60), "Nothing was read");
            deleteAndAwaitGone(streams, stream);
            assertFailsNaming(job, stream);
            assertThat(sink.size()).isLessThan(RECORDS);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }

    @Test
    void anUnboundedReadOfAStreamDeletedAndCreatedAgainFailsNamingTheStream() throws Exception {
        assertAnUnboundedReadFailsOnceTheStreamIsCreatedAgain(streams, null);
    }

    @Test
    void anUnboundedReadOfAStreamDeletedAndCreatedAgainOnKinesisLocalFailsNamingTheStream()
            throws Exception {
        try (KinesisEmulator kinesisLocal = KinesisEmulator.kinesisLocal()) {
            kinesisLocal.startUp();
            try (KinesisTestStreams local = new KinesisTestStreams(kinesisLocal)) {
                assertAnUnboundedReadFailsOnceTheStreamIsCreatedAgain(local, null);
            }
        }
    }

    @Test
    void anUnboundedFanOutReadOfAStreamDeletedAndCreatedAgainOnKinesisLocalFailsNamingTheStream()
            throws Exception {
        try (KinesisEmulator kinesisLocal = KinesisEmulator.kinesisLocal()) {
            kinesisLocal.startUp();
            try (KinesisTestStreams local = new KinesisTestStreams(kinesisLocal)) {
                assertAnUnboundedReadFailsOnceTheStreamIsCreatedAgain(local, "recreated-test");
            }
        }
    }

    /** With {@code consumer}, the source reads through enhanced fan-out with that consumer. */
    private static void assertAnUnboundedReadFailsOnceTheStreamIsCreatedAgain(
            KinesisTestStreams server, @Nullable String consumer) throws Exception {
        String stream = "recreated-" + UUID.randomUUID();
        server.create(stream, 1);
        Instant firstCreation = creationOf(server, stream);
        server.putAll(stream, records("old-", 10));
        KinesisSourceBuilder<String> builder =
                KinesisSource.<String>builder()
                        .setProperties(server.sourceOptions(stream))
                        .setValueOnlyDeserializer(new SimpleStringSchema());
        if (consumer != null) {
            builder.setEnhancedFanOut(consumer);
        }
        CollectingSink<String> sink = new CollectingSink<>();
        JobClient job = start(builder.build(), sink);
        try {
            waitUtil(() -> sink.size() >= 10, Duration.ofSeconds(60), "The old records");
            // A stream created again within the same second is the same stream to every API call
            // of kinesalite (same ARN, creation time, shard ids and sequence numbers). Waiting
            // before the deletion keeps the stream's absence short: the job is to notice the new
            // stream, not the gap.
            waitUtil(
                    () ->
                            Instant.now()
                                    .minus(CREATION_BACKDATING)
                                    .truncatedTo(ChronoUnit.SECONDS)
                                    .isAfter(firstCreation),
                    Duration.ofSeconds(10),
                    "The clock did not pass the second of the first creation");
            deleteAndAwaitGone(server, stream);
            server.create(stream, 1);
            assertThat(creationOf(server, stream)).isAfter(firstCreation);
            server.putAll(stream, records("new-", 10));
            assertFailsNaming(job, stream);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }

    private static Instant creationOf(KinesisTestStreams server, String stream) {
        return server.client()
                .describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamCreationTimestamp();
    }
}
