package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.testutils.LogCapture;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable consumers with a 2 s ack wait, in jobs that never checkpoint: a streaming job without
 * checkpointing, and a bounded read in batch runtime mode. Each delivery is acked once emitted, so
 * nothing waits for an ack and nothing is redelivered. A job that checkpoints still acks on
 * checkpoints, and is warned that its ack wait is shorter than its checkpoint interval.
 */
class NatsAckTimingITCase {

    private static final int MESSAGES = 10_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** A fresh stream holding {@link #MESSAGES} JSON messages {"v": i}; returns its name. */
    private static String streamWithMessages(NatsTestStreams streams) throws Exception {
        String stream = "A" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(stream, stream + ".in");
        List<String> payloads = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            payloads.add("{\"v\":" + i + "}");
        }
        streams.publishAll(stream + ".in", payloads);
        return stream;
    }

    private static void createTable(TableEnvironment tableEnv, String stream, String... options) {
        StringBuilder with = new StringBuilder();
        with.append("'connector' = 'nats', 'server_url' = '")
                .append(NATS.url())
                .append("', 'connect_mode' = 'plain', 'subject' = '")
                .append(stream)
                .append(".in', 'format' = 'json', 'consumer.durable_name' = 'd',")
                .append(" 'consumer.ack_wait.sec' = '2'");
        for (int i = 0; i < options.length; i += 2) {
            with.append(", '")
                    .append(options[i])
                    .append("' = '")
                    .append(options[i + 1])
                    .append("'");
        }
        tableEnv.executeSql("CREATE TABLE t (v INT) WITH (" + with + ")");
    }

    /**
     * Waits until the consumer has no delivery waiting for an ack, then watches it for three ack
     * waits: nothing is redelivered and no ack goes missing.
     */
    private static void assertAllAckedAndNothingRedelivered(NatsTestStreams streams, String stream)
            throws Exception {
        waitUtil(
                () -> streams.consumerInfo(stream, "d").getNumAckPending() == 0,
                Duration.ofSeconds(30),
                "every delivery to be acked");
        ConsumerInfo acked = streams.consumerInfo(stream, "d");
        assertThat(acked.getAckFloor().getStreamSequence()).isEqualTo(MESSAGES);
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerInfo now = streams.consumerInfo(stream, "d");
            assertThat(now.getNumAckPending()).isZero();
            assertThat(now.getRedelivered()).isEqualTo(acked.getRedelivered());
            Thread.sleep(200);
        }
    }

    private static Set<Integer> values(List<Row> rows) {
        Set<Integer> values = new HashSet<>();
        rows.forEach(row -> values.add((Integer) row.getField(0)));
        return values;
    }

    @Test
    void withoutCheckpointingEveryEmittedMessageIsAcked() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            String stream = streamWithMessages(streams);
            StreamTableEnvironment tableEnv =
                    StreamTableEnvironment.create(
                            StreamExecutionEnvironment.getExecutionEnvironment());
            createTable(tableEnv, stream);
            List<Row> rows = new ArrayList<>();
            try (CloseableIterator<Row> it = tableEnv.executeSql("SELECT v FROM t").collect()) {
                while (rows.size() < MESSAGES && it.hasNext()) {
                    rows.add(it.next());
                }
                assertThat(values(rows)).hasSize(MESSAGES);
                assertAllAckedAndNothingRedelivered(streams, stream);
            }
        }
    }

    @Test
    void aBoundedReadInBatchModeAcksEveryMessage() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            String stream = streamWithMessages(streams);
            TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            createTable(tableEnv, stream, "scan.bounded.mode", "latest");
            List<Row> rows = new ArrayList<>();
            try (CloseableIterator<Row> it = tableEnv.executeSql("SELECT v FROM t").collect()) {
                it.forEachRemaining(rows::add);
            }
            assertThat(rows).hasSize(MESSAGES);
            assertThat(values(rows)).hasSize(MESSAGES);
            assertAllAckedAndNothingRedelivered(streams, stream);
        }
    }

    @Test
    void withCheckpointingAcksWaitForTheCheckpointAndAShortAckWaitIsWarnedAbout() throws Exception {
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS);
                LogCapture logs = LogCapture.start()) {
            String stream = streamWithMessages(streams);
            StreamTableEnvironment tableEnv =
                    StreamTableEnvironment.create(
                            StreamExecutionEnvironment.getExecutionEnvironment());
            tableEnv.getConfig().set("execution.checkpointing.interval", "10 min");
            // Flink starts the first checkpoint at a random time between the minimum pause and
            // the interval: a pause as long as the interval keeps it ten minutes away.
            tableEnv.getConfig().set("execution.checkpointing.min-pause", "10 min");
            createTable(tableEnv, stream);
            tableEnv.executeSql("CREATE TABLE sink (v INT) WITH ('connector' = 'blackhole')");
            TableResult insert = tableEnv.executeSql("INSERT INTO sink SELECT v FROM t");
            try {
                // Everything is delivered; no checkpoint has completed, so nothing is acked. One
                // snapshot of the consumer: a reposition recreates it at the committed position,
                // and a second request could see the new one still redelivering.
                AtomicReference<ConsumerInfo> delivered = new AtomicReference<>();
                waitUtil(
                        () -> {
                            if (!streams.consumerNames(stream).contains("d")) {
                                return false;
                            }
                            ConsumerInfo info = streams.consumerInfo(stream, "d");
                            delivered.set(info);
                            return info.getDelivered().getStreamSequence() == MESSAGES;
                        },
                        Duration.ofSeconds(60),
                        "every message to be delivered");
                assertThat(delivered.get().getNumAckPending())
                        .as("%s", delivered.get())
                        .isEqualTo(MESSAGES);
                assertThat(delivered.get().getAckFloor().getStreamSequence()).isZero();
            } finally {
                insert.getJobClient().orElseThrow().cancel().get();
            }
            assertThat(logs.text())
                    .contains("ack wait (2 s, option 'consumer.ack_wait.sec') is shorter")
                    .contains("checkpoint interval (10 min)");
        }
    }
}
