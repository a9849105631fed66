package io.flinkrw.connector.kinesis.table;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.kinesis.testutils.KplAggregates;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.apache.flink.core.testutils.FlinkAssertions.anyCauseMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code kinesis} SQL connector end to end, against kinesis-local. */
class KinesisTableITCase {

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KinesisTestStreams streams;
    private StreamTableEnvironment tables;

    @BeforeAll
    static void connect() {
        streams = new KinesisTestStreams(KINESIS);
    }

    @AfterAll
    static void disconnect() {
        streams.close();
    }

    @BeforeEach
    void createTableEnvironment() {
        tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    private static String newStream(int shards) {
        String stream = "sql-" + UUID.randomUUID();
        streams.create(stream, shards);
        return stream;
    }

    /** The WITH clause for a bounded read of {@code stream}, plus {@code extra} options. */
    private static String with(String connector, String stream, String... extra) {
        Map<String, String> options = new HashMap<>(streams.sourceOptions(stream));
        options.put("connector", connector);
        options.put("scan.bounded.mode", "latest");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "WITH (", ")"));
    }

    private List<Row> query(String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> result = tables.executeSql(sql).collect()) {
            result.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void jsonPayloadWithEveryMetadataColumn() throws Exception {
        String stream = newStream(2);
        Instant before = Instant.now().minusSeconds(1);
        PutRecordResponse first = streams.put(stream, "alpha", "{\"id\": 1, \"name\": \"one\"}");
        PutRecordResponse second = streams.put(stream, "beta", "{\"id\": 2, \"name\": \"two\"}");
        tables.executeSql(
                "CREATE TABLE events ("
                        + " id INT, name STRING,"
                        + " k BYTES METADATA FROM 'key',"
                        + " part STRING METADATA FROM 'partition',"
                        + " seq STRING METADATA FROM 'offset',"
                        + " arrival TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',"
                        + " payload BYTES METADATA VIRTUAL"
                        + ") "
                        + with("kinesis", stream, "format", "json"));

        List<Row> rows = query("SELECT * FROM events");
        rows.sort(Comparator.comparing(row -> (Integer) row.getField("id")));

        assertThat(rows).hasSize(2);
        assertMetadata(rows.get(0), 1, "one", "alpha", first);
        assertMetadata(rows.get(1), 2, "two", "beta", second);
        for (Row row : rows) {
            Instant arrival = (Instant) row.getField("arrival");
            assertThat(arrival).isBetween(before, Instant.now());
        }
        assertThat(new String((byte[]) rows.get(0).getField("payload"), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\": 1, \"name\": \"one\"}");
    }

    private static void assertMetadata(
            Row row, int id, String name, String key, PutRecordResponse put) {
        assertThat(row.getField("id")).isEqualTo(id);
        assertThat(row.getField("name")).isEqualTo(name);
        assertThat((byte[]) row.getField("k")).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        assertThat(row.getField("part")).isEqualTo(put.shardId());
        assertThat(row.getField("seq")).isEqualTo(put.sequenceNumber());
    }

    @Test
    void kplUserRecordsShareTheOffsetAndDifferInTheSubSequence() throws Exception {
        String stream = newStream(1);
        streams.put(stream, "plain", "{\"id\": 0}");
        byte[] aggregate =
                KplAggregates.aggregate(
                        List.of(
                                KplAggregates.userRecord("a", "{\"id\": 1}"),
                                KplAggregates.userRecord("b", "{\"id\": 2}"),
                                KplAggregates.userRecord("c", "{\"id\": 3}")));
        String aggregateSequence =
                streams.client()
                        .putRecord(
                                b ->
                                        b.streamName(stream)
                                                .partitionKey("agg")
                                                .data(SdkBytes.fromByteArray(aggregate)))
                        .sequenceNumber();
        tables.executeSql(
                "CREATE TABLE t (id INT,"
                        + " seq STRING METADATA FROM 'offset' VIRTUAL,"
                        + " sub BIGINT METADATA FROM 'sub_sequence' VIRTUAL) "
                        + with("kinesis", stream, "format", "json"));

        List<Row> rows = query("SELECT id, seq, sub FROM t");
        rows.sort(Comparator.comparing(row -> (Integer) row.getField(0)));

        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).getField(2)).isEqualTo(0L);
        for (int i = 1; i <= 3; i++) {
            assertThat(rows.get(i).getField(1)).isEqualTo(aggregateSequence);
            assertThat(rows.get(i).getField(2)).isEqualTo(i - 1L);
        }
        // (offset, sub_sequence) tells every row apart.
        assertThat(rows.stream().map(row -> row.getField(1) + "/" + row.getField(2)))
                .doesNotHaveDuplicates();
    }

    @Test
    void rawFormatAndTheKeyAsText() throws Exception {
        String stream = newStream(1);
        streams.put(stream, "p1", "first line");
        streams.put(stream, "p2", "second line");
        tables.executeSql(
                "CREATE TABLE lines (line STRING, k STRING METADATA FROM 'key' VIRTUAL) "
                        + with("kinesis", stream, "format", "raw"));

        assertThat(query("SELECT line, k FROM lines"))
                .containsExactly(Row.of("first line", "p1"), Row.of("second line", "p2"));
    }

    @Test
    void aPrimaryKeyMakesLaterRecordsReplaceEarlierOnes() throws Exception {
        String stream = newStream(1);
        streams.put(stream, "1", "{\"id\": 1, \"name\": \"first\"}");
        streams.put(stream, "2", "{\"id\": 2, \"name\": \"other\"}");
        streams.put(stream, "1", "{\"id\": 1, \"name\": \"second\"}");
        tables.executeSql(
                "CREATE TABLE people (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) "
                        + with("kinesis", stream, "format", "json"));

        List<Row> changes = query("SELECT id, name FROM people");

        Map<Integer, String> table = new HashMap<>();
        for (Row change : changes) {
            if (change.getKind() == RowKind.INSERT || change.getKind() == RowKind.UPDATE_AFTER) {
                table.put((Integer) change.getField(0), (String) change.getField(1));
            } else {
                table.remove((Integer) change.getField(0));
            }
        }
        assertThat(table).containsExactlyInAnyOrderEntriesOf(Map.of(1, "second", 2, "other"));
        assertThat(changes).extracting(Row::getKind).contains(RowKind.UPDATE_AFTER);
    }

    @Test
    void theAliasAndRisingWavesLegacyKeysWork() throws Exception {
        String stream = newStream(1);
        streams.put(stream, "k", "hello");
        Map<String, String> options = new HashMap<>(streams.sourceOptions(stream));
        String endpoint = options.get("endpoint");
        tables.executeSql(
                "CREATE TABLE legacy (line STRING) WITH ("
                        + "'connector' = 'kinesis-rw',"
                        + "'kinesis.stream.name' = '"
                        + stream
                        + "',"
                        + "'kinesis.stream.region' = '"
                        + KINESIS.region()
                        + "',"
                        + "'kinesis.endpoint' = '"
                        + endpoint
                        + "',"
                        + "'kinesis.credentials.access' = '"
                        + KINESIS.accessKeyId()
                        + "',"
                        + "'kinesis.credentials.secret' = '"
                        + KINESIS.secretAccessKey()
                        + "',"
                        + "'kinesis.scan.startup.mode' = 'earliest',"
                        + "'scan.bounded.mode' = 'latest',"
                        + "'format' = 'raw')");

        assertThat(query("SELECT * FROM legacy")).containsExactly(Row.of("hello"));
    }

    @Test
    void badOptionsFailWhenTheTableIsPlannedNamingTheKey() {
        tables.executeSql(
                "CREATE TABLE bad (line STRING) "
                        + with(
                                "kinesis",
                                "no-such-stream",
                                "format",
                                "raw",
                                "scan.startup.mode",
                                "sequence_number"));
        assertThatThrownBy(() -> tables.executeSql("SELECT * FROM bad"))
                .satisfies(
                        anyCauseMatches(
                                ValidationException.class,
                                "Option 'scan.startup.sequence_number' is required when"
                                        + " 'scan.startup.mode' is 'sequence_number'"));
    }
}
