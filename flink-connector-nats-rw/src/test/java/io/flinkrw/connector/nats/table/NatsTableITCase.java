package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import io.nats.client.api.RetentionPolicy;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flink SQL over a real nats-server: startup modes, formats, metadata columns, primary keys. */
class NatsTableITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    private static NatsTestStreams streams;

    private StreamTableEnvironment tableEnv;
    private String stream;

    @BeforeAll
    static void connect() throws Exception {
        streams = NatsTestStreams.connect(NATS);
    }

    @AfterAll
    static void disconnect() throws Exception {
        streams.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        stream = "T" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(stream, stream + ".>");
    }

    private String subject(String name) {
        return stream + "." + name;
    }

    private void createTable(String columns, String... options) {
        StringBuilder with = new StringBuilder();
        with.append("'connector' = 'nats', 'server_url' = '")
                .append(NATS.url())
                .append("', 'connect_mode' = 'plain'");
        for (int i = 0; i < options.length; i += 2) {
            with.append(", '")
                    .append(options[i])
                    .append("' = '")
                    .append(options[i + 1])
                    .append("'");
        }
        tableEnv.executeSql("CREATE TABLE t (" + columns + ") WITH (" + with + ")");
    }

    /**
     * Runs a job that should fail into a blackhole sink: a collect sink can hit a Flink race (and
     * take the TaskManager down) when a job fails before the sink has opened.
     */
    private void runExpectingFailure(String query) throws Exception {
        tableEnv.executeSql("CREATE TEMPORARY TABLE sink (v INT) WITH ('connector' = 'blackhole')");
        tableEnv.executeSql("INSERT INTO sink " + query).await();
    }

    private static List<Row> collectAll(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static List<Row> collect(TableResult result, int count) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (rows.size() < count && it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private static Map<String, List<String>> headerMap(Object field) {
        Map<String, List<String>> headers = new HashMap<>();
        ((Map<?, ?>) field).forEach((k, v) -> headers.put((String) k, List.of((String[]) v)));
        return headers;
    }

    @Test
    void everyMetadataColumnWithJsonPayload() throws Exception {
        Headers headers = new Headers().add("trace", "t-1").add("tag", "a", "b");
        Instant before = Instant.now().minusMillis(1);
        long first =
                streams.publish(
                        subject("orders"),
                        headers,
                        "{\"id\":\"o1\",\"amount\":5}".getBytes(StandardCharsets.UTF_8));
        long second = streams.publish(subject("orders"), "{\"id\":\"o2\",\"amount\":7}");
        Instant after = Instant.now().plusMillis(1);

        createTable(
                "id STRING, amount INT,"
                        + " subj STRING METADATA FROM 'subject',"
                        + " part STRING METADATA FROM 'partition',"
                        + " seq BIGINT METADATA FROM 'offset',"
                        + " ts TIMESTAMP_LTZ(9) METADATA FROM 'timestamp',"
                        + " hdrs MAP<STRING, ARRAY<STRING>> METADATA FROM 'headers',"
                        + " body BYTES METADATA FROM 'payload'",
                "subject",
                stream + ".*",
                "format",
                "json",
                "scan.bounded.mode",
                "latest");

        List<Row> rows = collectAll(tableEnv.executeSql("SELECT * FROM t"));
        assertThat(rows).hasSize(2);
        Row o1 = rows.get(0);
        assertThat(o1.getField("id")).isEqualTo("o1");
        assertThat(o1.getField("amount")).isEqualTo(5);
        assertThat(o1.getField("subj")).isEqualTo(subject("orders"));
        assertThat(o1.getField("part")).isEqualTo(stream + ".*");
        assertThat(o1.getField("seq")).isEqualTo(first);
        assertThat((Instant) o1.getField("ts")).isBetween(before, after);
        assertThat(headerMap(o1.getField("hdrs")))
                .isEqualTo(Map.of("trace", List.of("t-1"), "tag", List.of("a", "b")));
        assertThat(new String((byte[]) o1.getField("body"), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o1\",\"amount\":5}");
        Row o2 = rows.get(1);
        assertThat(o2.getField("id")).isEqualTo("o2");
        assertThat(o2.getField("seq")).isEqualTo(second);
        assertThat(headerMap(o2.getField("hdrs"))).isEmpty();
    }

    @Test
    void rawFormatAndTheNatsRwAlias() throws Exception {
        streams.publish(subject("raw"), "plain text 1");
        streams.publish(subject("raw"), "plain text 2");
        tableEnv.executeSql(
                "CREATE TABLE r (line STRING) WITH ('connector' = 'nats-rw', 'server_url' = '"
                        + NATS.url()
                        + "', 'connect_mode' = 'plain', 'subject' = '"
                        + subject("raw")
                        + "', 'stream' = '"
                        + stream
                        + "', 'format' = 'raw', 'scan.bounded.mode' = 'latest')");
        assertThat(collectAll(tableEnv.executeSql("SELECT line FROM r")))
                .containsExactly(Row.of("plain text 1"), Row.of("plain text 2"));
    }

    @Test
    void primaryKeyKeepsTheLaterRecordOfAKey() throws Exception {
        streams.publish(subject("kv"), "{\"k\":\"a\",\"v\":1}");
        streams.publish(subject("kv"), "{\"k\":\"b\",\"v\":2}");
        streams.publish(subject("kv"), "{\"k\":\"a\",\"v\":3}");
        createTable(
                "k STRING, v INT, PRIMARY KEY (k) NOT ENFORCED",
                "subject",
                subject("kv"),
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        Map<String, Integer> table = new HashMap<>();
        for (Row row : collectAll(tableEnv.executeSql("SELECT k, v FROM t"))) {
            String key = (String) row.getField(0);
            if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                table.put(key, (Integer) row.getField(1));
            } else {
                table.remove(key);
            }
        }
        assertThat(table).isEqualTo(Map.of("a", 3, "b", 2));
    }

    @Test
    void earliestIsTheDefault() throws Exception {
        streams.publish(subject("e"), "{\"v\":1}");
        streams.publish(subject("e"), "{\"v\":2}");
        createTable(
                "v INT", "subject", subject("e"), "format", "json", "scan.bounded.mode", "latest");
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t")))
                .containsExactly(Row.of(1), Row.of(2));
    }

    @Test
    void latestReadsOnlyWhatArrivesAfterTheQueryIsPlanned() throws Exception {
        streams.publish(subject("l"), "{\"v\":1}");
        streams.publish(subject("l"), "{\"v\":2}");
        createTable(
                "v INT", "subject", subject("l"), "format", "json", "scan.startup.mode", "latest");
        TableResult result = tableEnv.executeSql("SELECT v FROM t");
        streams.publish(subject("l"), "{\"v\":3}");
        streams.publish(subject("l"), "{\"v\":4}");
        assertThat(collect(result, 2)).containsExactly(Row.of(3), Row.of(4));
    }

    @Test
    void timestampStartsAtTheFirstMessageStoredAtOrAfterIt() throws Exception {
        long firstSequence = streams.publish(subject("ts"), "{\"v\":1}");
        Instant firstStored =
                streams.management().getMessage(stream, firstSequence).getTime().toInstant();
        long start = firstStored.toEpochMilli() + 1;
        waitUtil(
                () -> System.currentTimeMillis() > start,
                Duration.ofSeconds(5),
                "the clock to pass the start timestamp");
        streams.publish(subject("ts"), "{\"v\":2}");
        streams.publish(subject("ts"), "{\"v\":3}");

        createTable(
                "v INT",
                "subject",
                subject("ts"),
                "format",
                "json",
                "scan.bounded.mode",
                "latest",
                "scan.startup.mode",
                "timestamp",
                "scan.startup.timestamp.millis",
                String.valueOf(start));
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t")))
                .containsExactly(Row.of(2), Row.of(3));

        tableEnv.executeSql("DROP TABLE t");
        createTable(
                "v INT",
                "subject",
                subject("ts"),
                "format",
                "json",
                "scan.bounded.mode",
                "latest",
                "scan.startup.mode",
                "timestamp_millis",
                "scan.startup.timestamp_millis",
                String.valueOf(start));
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t")))
                .containsExactly(Row.of(2), Row.of(3));
    }

    @Test
    void severalSubjectsWithWildcardsAreOneSplitEach() throws Exception {
        streams.publish(subject("a.x"), "{\"v\":1}");
        streams.publish(subject("b"), "{\"v\":2}");
        streams.publish(subject("a.y"), "{\"v\":3}");
        streams.publish(subject("c"), "{\"v\":4}");
        createTable(
                "v INT, part STRING METADATA FROM 'partition' VIRTUAL",
                "subject",
                subject("a.*") + "," + subject("b"),
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThat(collectAll(tableEnv.executeSql("SELECT v, part FROM t")))
                .containsExactlyInAnyOrder(
                        Row.of(1, subject("a.*")),
                        Row.of(3, subject("a.*")),
                        Row.of(2, subject("b")));
    }

    @Test
    void undecodableRecordFailsNamingSplitAndSequence() throws Exception {
        streams.publish(subject("bad"), "{\"v\":1}");
        long bad = streams.publish(subject("bad"), "not json");
        createTable(
                "v INT",
                "subject",
                subject("bad"),
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches(
                                "Could not decode the record at position "
                                        + bad
                                        + " of split '"
                                        + subject("bad")
                                        + "'"));
    }

    @Test
    void ignoredParseErrorsSkipTheRecord() throws Exception {
        streams.publish(subject("skip"), "{\"v\":1}");
        streams.publish(subject("skip"), "not json");
        streams.publish(subject("skip"), "{\"v\":3}");
        createTable(
                "v INT",
                "subject",
                subject("skip"),
                "format",
                "json",
                "json.ignore-parse-errors",
                "true",
                "scan.bounded.mode",
                "latest");
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t")))
                .containsExactly(Row.of(1), Row.of(3));
    }

    @Test
    void streamIsCreatedOnlyWhenAllowed() throws Exception {
        String missing = "M" + UUID.randomUUID().toString().replace("-", "");
        createTable(
                "v INT",
                "subject",
                missing + ".in",
                "stream",
                missing,
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches(
                                "The NATS stream '"
                                        + missing
                                        + "' does not exist. Create it, or set"
                                        + " 'allow_create_stream'"));

        tableEnv.executeSql("DROP TABLE t");
        createTable(
                "v INT",
                "subject",
                missing + ".in",
                "stream",
                missing,
                "allow_create_stream",
                "true",
                "max_messages",
                "1000",
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t"))).isEmpty();
        assertThat(streams.management().getStreamInfo(missing).getConfiguration().getMaxMsgs())
                .isEqualTo(1000);
        streams.deleteStream(missing);
    }

    @Test
    void interestRetentionStreamIsRefusedClearly() throws Exception {
        String interest = "I" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(interest, RetentionPolicy.Interest, interest + ".>");
        createTable("v INT", "subject", interest + ".in", "format", "json");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches("NATS stream '" + interest + "' has interest retention"));
    }

    @Test
    void workQueueIsReadThroughADurableConsumerAndAckedByTheFinalCheckpoint() throws Exception {
        String queue = "W" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(queue, RetentionPolicy.WorkQueue, queue + ".>");
        streams.publish(queue + ".jobs", "{\"v\":1}");
        streams.publish(queue + ".jobs", "{\"v\":2}");
        tableEnv.getConfig().set("execution.checkpointing.interval", "100 ms");
        createTable(
                "v INT",
                "subject",
                queue + ".jobs",
                "consumer.durable_name",
                "worker",
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThat(collectAll(tableEnv.executeSql("SELECT v FROM t")))
                .containsExactly(Row.of(1), Row.of(2));
        waitUtil(
                () -> streams.messageCount(queue) == 0,
                Duration.ofSeconds(60),
                "the acked messages to leave the work queue");
    }

    @Test
    void workQueueWithEphemeralConsumersFailsClearly() throws Exception {
        String queue = "E" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(queue, RetentionPolicy.WorkQueue, queue + ".>");
        streams.publish(queue + ".jobs", "{\"v\":1}");
        createTable(
                "v INT",
                "subject",
                queue + ".jobs",
                "consumer.ack_policy",
                "explicit",
                "format",
                "json",
                "scan.bounded.mode",
                "latest");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches(
                                "NATS stream '"
                                        + queue
                                        + "' is a work queue: it needs 'consumer.durable_name'"));
    }

    @Test
    void subjectOfSeveralStreamsFailsClearly() throws Exception {
        String prefix = "X" + UUID.randomUUID().toString().replace("-", "");
        streams.createStream(prefix + "_A", prefix + ".a");
        streams.createStream(prefix + "_B", prefix + ".b");
        createTable("v INT", "subject", prefix + ".*", "format", "json");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches(
                                "Subject '" + prefix + ".*' is stored by several NATS streams"));
    }

    @Test
    void subjectWithoutAStreamFailsClearly() {
        createTable("v INT", "subject", "nowhere.at.all", "format", "json");
        assertThatThrownBy(() -> runExpectingFailure("SELECT v FROM t"))
                .satisfies(
                        anyCauseMatches(
                                "No NATS JetStream stream stores subject 'nowhere.at.all'"));
    }
}
