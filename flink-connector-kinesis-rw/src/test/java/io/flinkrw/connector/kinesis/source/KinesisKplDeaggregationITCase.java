package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.kinesis.testutils.KplAggregates;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Shard;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.flinkrw.connector.kinesis.testutils.KplAggregates.userRecord;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records in the KPL's aggregated format, written to kinesis-local by the test's encoder, read by
 * polling and by enhanced fan-out: each user record arrives once, with its own partition key and
 * sub-sequence number; a user record whose hash key belongs to the other shard is dropped; a record
 * that only looks aggregated (bad checksum) and a plain record arrive whole.
 */
class KinesisKplDeaggregationITCase {

    private static final int AGGREGATES_PER_SHARD = 10;
    private static final int USER_RECORDS = 40;

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KinesisTestStreams streams;
    private static String stream;
    private static final List<String> EXPECTED = new ArrayList<>();

    @BeforeAll
    static void writeAggregates() {
        streams = new KinesisTestStreams(KINESIS);
        stream = "kpl-" + UUID.randomUUID();
        streams.create(stream, 2);
        List<Shard> shards = streams.openShards(stream);
        for (int s = 0; s < shards.size(); s++) {
            Shard shard = shards.get(s);
            BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
            Shard other = shards.get(1 - s);
            for (int a = 0; a < AGGREGATES_PER_SHARD; a++) {
                List<KplAggregates.UserRecord> users = new ArrayList<>();
                for (int u = 0; u < USER_RECORDS; u++) {
                    String key = "user-" + (u % 9);
                    String payload = "s" + s + "-a" + a + "-u" + u;
                    if (a == 3 && u == 7) {
                        // Aggregated for a shard that no longer owns its key: dropped.
                        users.add(userRecord(key, other.hashKeyRange().startingHashKey(), payload));
                        continue;
                    }
                    users.add(
                            userRecord(key, start.add(BigInteger.valueOf(u)).toString(), payload));
                    EXPECTED.add(key + "|" + payload + "|" + u);
                }
                put(shard, "aggregate-" + a, KplAggregates.aggregate(users));
            }
            byte[] lookalike = KplAggregates.aggregate(List.of(userRecord("k", "v")));
            lookalike[lookalike.length - 1] ^= 1;
            put(shard, "lookalike", lookalike);
            EXPECTED.add("lookalike|" + Base64.getEncoder().encodeToString(lookalike) + "|-1");
            byte[] plain = ("plain-" + s).getBytes(StandardCharsets.UTF_8);
            put(shard, "plain", plain);
            EXPECTED.add("plain|plain-" + s + "|-1");
        }
    }

    private static void put(Shard shard, String partitionKey, byte[] data) {
        streams.client()
                .putRecord(
                        b ->
                                b.streamName(stream)
                                        .partitionKey(partitionKey)
                                        .explicitHashKey(shard.hashKeyRange().startingHashKey())
                                        .data(SdkBytes.fromByteArray(data)));
    }

    @AfterAll
    static void close() {
        streams.close();
    }

    @Test
    void pollingReadsEveryUserRecordOnce() throws Exception {
        assertThat(read(Map.of())).containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void enhancedFanOutReadsEveryUserRecordOnce() throws Exception {
        assertThat(
                        read(
                                Map.of(
                                        "kinesis.reader.type", "efo",
                                        "kinesis.efo.consumer_name", "kpl-it")))
                .containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void withoutDeaggregationTheAggregatesArriveWhole() throws Exception {
        List<String> read = read(Map.of("kinesis.kpl_deaggregation", "false"));
        assertThat(read).hasSize(2 * (AGGREGATES_PER_SHARD + 2));
        assertThat(read).filteredOn(v -> v.startsWith("aggregate-")).hasSize(20);
    }

    private static List<String> read(Map<String, String> options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        return env.fromSource(
                        KinesisSource.<String>builder()
                                .setProperties(streams.sourceOptions(stream))
                                .setProperties(options)
                                .setBoundedToLatest()
                                .setDeserializer(new KeyPayloadSubSequence())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "kinesis")
                .setParallelism(2)
                .executeAndCollect(EXPECTED.size() + 1);
    }

    /** "partitionKey|payload|subSequenceNumber"; a payload that is not text in Base64. */
    private static final class KeyPayloadSubSequence
            implements KinesisDeserializationSchema<String> {
        @Override
        public void deserialize(KinesisRecord record, Collector<String> out) {
            String payload =
                    record.partitionKey().equals("lookalike")
                            ? Base64.getEncoder().encodeToString(record.data())
                            : new String(record.data(), StandardCharsets.UTF_8);
            out.collect(record.partitionKey() + "|" + payload + "|" + record.subSequenceNumber());
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
