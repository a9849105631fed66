package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's order across a reshard under backpressure, as an upsert table needs it: two keys are
 * updated continuously while their shard is split, and the parent's records are slowed down in an
 * operator after the source (its own task), so the parent's tail is still on its way when the
 * children are read. With {@code.setKeyOrderAcrossReshards(true)} (what a table with a primary key
 * sets) each child is read on its parent's reader, and a key-partitioned sink sees each key's
 * updates in the order they were written.
 */
class KinesisKeyOrderAcrossReshardITCase {

    private static final int UPDATES = 100;
    private static final String PARENT = "shardId-000000000000";
    private static final String LOW = "1";
    private static final String HIGH =
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.TWO).toString();

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    @Test
    void eachKeysUpdatesArriveInOrderAcrossASplitUnderBackpressure() throws Exception {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "key-order-" + UUID.randomUUID();
            streams.create(stream, 1);
            CollectingSink<String> sink = new CollectingSink<>();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSource(
                            KinesisSource.<String>builder()
                                    .setProperties(streams.sourceOptions(stream))
                                    .setProperty("kinesis.shard_discovery_interval_ms", "500")
                                    .setKeyOrderAcrossReshards(true)
                                    .setDeserializer(new ShardAndPayload())
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "kinesis")
                    .setParallelism(2)
                    .map(KinesisKeyOrderAcrossReshardITCase::slowOnTheParent)
                    .setParallelism(2)
                    .disableChaining()
                    .keyBy(KinesisKeyOrderAcrossReshardITCase::key)
                    .map(value -> value)
                    .setParallelism(1)
                    .sinkTo(sink)
                    .setParallelism(1);
            JobClient job = env.executeAsync("key-order");
            try {
                streams.putToHashKey(stream, LOW, List.of("start|low:-1"));
                waitUtil(() -> sink.size() > 0, Duration.ofMinutes(2), "The job read nothing");

                List<String> written = new ArrayList<>();
                written.addAll(updates(streams, stream, 0));
                streams.split(stream, streams.openShards(stream).get(0));
                written.addAll(updates(streams, stream, UPDATES));
                waitUtil(
                        () -> sink.size() == written.size() + 1,
                        Duration.ofMinutes(2),
                        "Not every update arrived");
            } finally {
                job.cancel().get();
            }

            Map<String, List<Integer>> byKey = new HashMap<>();
            for (String value : sink.values()) {
                String update = value.substring(value.indexOf('|') + 1);
                String[] keyAndCounter = update.split(":");
                byKey.computeIfAbsent(keyAndCounter[0], k -> new ArrayList<>())
                        .add(Integer.parseInt(keyAndCounter[1]));
            }
            for (String key : List.of("low", "high")) {
                List<Integer> counters = byKey.get(key);
                assertThat(counters).as("updates of key %s", key).isSorted();
            }
        }
    }

    /** Updates {@code from ..} of both keys, one shard end of the hash-key space each. */
    private static List<String> updates(KinesisTestStreams streams, String stream, int from) {
        List<String> low = new ArrayList<>();
        List<String> high = new ArrayList<>();
        for (int i = from; i < from + UPDATES; i++) {
            low.add("x|low:" + i);
            high.add("x|high:" + i);
        }
        streams.putToHashKey(stream, LOW, low);
        streams.putToHashKey(stream, HIGH, high);
        List<String> all = new ArrayList<>(low);
        all.addAll(high);
        return all;
    }

    /** Backpressure on the parent's records only: each takes a while downstream of the source. */
    private static String slowOnTheParent(String value) throws InterruptedException {
        if (value.startsWith(PARENT)) {
            Thread.sleep(20);
        }
        return value;
    }

    private static String key(String value) {
        String update = value.substring(value.lastIndexOf('|') + 1);
        return update.substring(0, update.indexOf(':'));
    }

    /** The shard id and the payload's update. */
    private static final class ShardAndPayload implements KinesisDeserializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(KinesisRecord record, Collector<String> out) {
            String payload = new String(record.data(), StandardCharsets.UTF_8);
            out.collect(record.shardId() + "|" + payload.substring(payload.indexOf('|') + 1));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
