package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
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
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@code scan.startup.mode}, against kinesis-local; the sequence number of another shard
 * against kinesalite, which rejects it as AWS does (kinesis-local accepts it).
 */
class KinesisStartupModesITCase {

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension static final KinesisEmulator KINESALITE = KinesisEmulator.kinesalite();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KinesisTestStreams streams;
    private static KinesisTestStreams kinesaliteStreams;

    @BeforeAll
    static void connect() {
        streams = new KinesisTestStreams(KINESIS);
        kinesaliteStreams = new KinesisTestStreams(KINESALITE);
    }

    @AfterAll
    static void disconnect() {
        streams.close();
        kinesaliteStreams.close();
    }

    private static String newStream(int shards) {
        return newStream(streams, shards);
    }

    private static String newStream(KinesisTestStreams on, int shards) {
        String stream = "startup-" + UUID.randomUUID();
        on.create(stream, shards);
        return stream;
    }

    private static KinesisSourceBuilder<String> source(String stream) {
        return source(streams, stream);
    }

    private static KinesisSourceBuilder<String> source(KinesisTestStreams on, String stream) {
        return KinesisSource.<String>builder()
                .setProperties(on.sourceOptions(stream))
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    /** Runs a bounded source to its end and returns what it read. */
    private static List<String> readBounded(KinesisSource<String> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureNoRestartStrategy(env);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                .setParallelism(1)
                .executeAndCollect(100_000);
    }

    private static List<String> put(String stream, String key, String... payloads) {
        List<String> sequenceNumbers = new ArrayList<>();
        for (String payload : payloads) {
            sequenceNumbers.add(streams.put(stream, key, payload).sequenceNumber());
        }
        return sequenceNumbers;
    }

    /** Waits until the wall clock is past {@code millis}, so later records arrive later. */
    private static void clockPast(long millis) throws Exception {
        waitUtil(
                () -> System.currentTimeMillis() > millis,
                Duration.ofSeconds(5),
                "The clock did not advance");
    }

    @Test
    void earliestReadsEverythingKept() throws Exception {
        String stream = newStream(2);
        put(stream, "a", "1", "2", "3");
        put(stream, "b", "4");
        assertThat(readBounded(source(stream).setBoundedToLatest().build()))
                .containsExactlyInAnyOrder("1", "2", "3", "4");
    }

    @Test
    void timestampStartsAtTheRecordsThatArrivedFromThatInstant() throws Exception {
        String stream = newStream(2);
        put(stream, "a", "before-1", "before-2");
        long instant = System.currentTimeMillis() + 1;
        clockPast(instant);
        put(stream, "a", "after-1");
        put(stream, "b", "after-2");
        KinesisSource<String> source =
                source(stream)
                        .setStartFromTimestamp(Instant.ofEpochMilli(instant))
                        .setBoundedToLatest()
                        .build();
        assertThat(readBounded(source)).containsExactlyInAnyOrder("after-1", "after-2");
    }

    @Test
    void oneSequenceNumberStartsAfterIt() throws Exception {
        String stream = newStream(1);
        List<String> numbers = put(stream, "a", "0", "1", "2", "3", "4");
        KinesisSource<String> source =
                source(stream)
                        .setStartAfterSequenceNumber(numbers.get(2))
                        .setBoundedToLatest()
                        .build();
        assertThat(readBounded(source)).containsExactly("3", "4");
    }

    @Test
    void oneSequenceNumberFailsNamingTheShardThatRejectsIt() throws Exception {
        String stream = newStream(kinesaliteStreams, 2);
        List<Shard> shards = kinesaliteStreams.openShards(stream);
        List<PutRecordsResultEntry> first =
                kinesaliteStreams.putToHashKey(
                        stream, shards.get(0).hashKeyRange().startingHashKey(), List.of("x", "y"));
        String otherShard = shards.get(1).shardId();
        KinesisSource<String> source =
                source(kinesaliteStreams, stream)
                        .setStartAfterSequenceNumber(first.get(0).sequenceNumber())
                        .setBoundedToLatest()
                        .build();
        assertThatThrownBy(() -> readBounded(source))
                .satisfies(
                        anyCauseMatches(
                                "Shard "
                                        + otherShard
                                        + " of stream '"
                                        + stream
                                        + "' rejected the startup sequence number "
                                        + first.get(0).sequenceNumber()))
                .satisfies(anyCauseMatches("give one per shard instead"))
                .satisfies(anyCauseMatches(otherShard + ":<sequence number>"));
    }

    @Test
    void aSequenceNumberThatDoesNotExistFailsNamingTheShard() throws Exception {
        String stream = newStream(1);
        put(stream, "a", "x");
        String shard = streams.openShards(stream).get(0).shardId();
        String unknown = "49590338271490256608559692538361571095921575989136588898";
        KinesisSource<String> source =
                source(stream).setStartAfterSequenceNumber(unknown).setBoundedToLatest().build();
        assertThatThrownBy(() -> readBounded(source))
                .satisfies(
                        anyCauseMatches(
                                "Shard "
                                        + shard
                                        + " of stream '"
                                        + stream
                                        + "' rejected the startup sequence number "
                                        + unknown));
    }

    @Test
    void perShardSequenceNumbersStartListedShardsAfterThemAndOthersAtTheEarliest()
            throws Exception {
        String stream = newStream(2);
        List<Shard> shards = streams.openShards(stream);
        List<PutRecordsResultEntry> first =
                streams.putToHashKey(
                        stream,
                        shards.get(0).hashKeyRange().startingHashKey(),
                        List.of("a0", "a1", "a2", "a3"));
        streams.putToHashKey(
                stream, shards.get(1).hashKeyRange().startingHashKey(), List.of("b0", "b1"));
        KinesisSource<String> source =
                source(stream)
                        .setStartAfterSequenceNumbers(
                                Map.of(shards.get(0).shardId(), first.get(1).sequenceNumber()))
                        .setBoundedToLatest()
                        .build();
        assertThat(readBounded(source)).containsExactlyInAnyOrder("a2", "a3", "b0", "b1");
    }

    @Test
    void perShardSequenceNumbersOfTheChildrenOfASplitDoNotReadTheParentAgain() throws Exception {
        String stream = newStream(kinesaliteStreams, 1);
        Shard parent = kinesaliteStreams.openShards(stream).get(0);
        kinesaliteStreams.putToHashKey(
                stream, parent.hashKeyRange().startingHashKey(), List.of("p0", "p1", "p2"));
        kinesaliteStreams.split(stream, parent);
        // kinesalite dates a split's children 1 s ahead and gives their records that arrival time
        // until then: records written earlier would arrive after the bounded read's stop.
        clockPast(System.currentTimeMillis() + 1_000);
        Map<String, String> positions = new HashMap<>();
        for (Shard child : kinesaliteStreams.openShards(stream)) {
            String key = child.hashKeyRange().startingHashKey();
            List<PutRecordsResultEntry> written =
                    kinesaliteStreams.putToHashKey(
                            stream, key, List.of(child.shardId() + "-c0", child.shardId() + "-c1"));
            positions.put(child.shardId(), written.get(0).sequenceNumber());
        }
        KinesisSource<String> source =
                source(kinesaliteStreams, stream)
                        .setStartAfterSequenceNumbers(positions)
                        .setBoundedToLatest()
                        .build();
        assertThat(readBounded(source))
                .containsExactlyInAnyOrderElementsOf(
                        positions.keySet().stream()
                                .map(child -> child + "-c1")
                                .collect(Collectors.toList()));
    }

    @Test
    void latestSkipsWhatCameBeforeTheSourceWasBuilt() throws Exception {
        String stream = newStream(2);
        put(stream, "a", "old-1", "old-2");
        clockPast(System.currentTimeMillis());
        KinesisSource<String> source = source(stream).setStartFromLatest().build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CollectingSink<String> sink = new CollectingSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis").sinkTo(sink);
        JobClient job = env.executeAsync();
        try {
            List<String> fresh =
                    IntStream.range(0, 10).mapToObj(i -> "new-" + i).collect(Collectors.toList());
            put(stream, "a", fresh.subList(0, 5).toArray(new String[0]));
            put(stream, "b", fresh.subList(5, 10).toArray(new String[0]));
            waitUtil(
                    () -> sink.size() >= 10,
                    Duration.ofSeconds(60),
                    "The new records did not arrive");
            assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(fresh);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * {@code latest} is the instant the source was built: a restart before the first checkpoint
     * starts there again, so records written between the first start and the restart are read.
     */
    @Test
    void latestIsPinnedAcrossARestartBeforeTheFirstCheckpoint() throws Exception {
        String stream = newStream(1);
        put(stream, "a", "old");
        clockPast(System.currentTimeMillis());
        KinesisSource<String> source = source(stream).setStartFromLatest().build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 1, 100L);
        CollectingSink<String> sink = new CollectingSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kinesis")
                .map(new FailFirstAttemptOnFirstRecord())
                .sinkTo(sink);
        JobClient job = env.executeAsync();
        try {
            // The first attempt fails on the first new record, before any checkpoint; the
            // second one must start at the same instant and read all of them.
            List<String> fresh = List.of("new-1", "new-2", "new-3");
            put(stream, "a", fresh.toArray(new String[0]));
            waitUtil(() -> sink.size() >= 3, Duration.ofSeconds(60), "The restart lost records");
            assertThat(sink.values()).containsExactlyElementsOf(fresh);
        } finally {
            job.cancel().get();
        }
    }

    /** Fails the first attempt of the task when it sees its first record. */
    private static final class FailFirstAttemptOnFirstRecord
            extends RichMapFunction<String, String> {
        @Override
        public String map(String value) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                throw new IllegalStateException("Failing the first attempt on " + value);
            }
            return value;
        }
    }
}
