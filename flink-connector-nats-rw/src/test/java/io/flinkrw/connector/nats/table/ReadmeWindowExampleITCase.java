package io.flinkrw.connector.nats.table;

import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.RunningQuery;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.flink.core.testutils.CommonTestUtils.waitUtil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's NATS window example (the {@code orders} table and its {@code TUMBLE} query) runs on
 * a real nats-server at parallelism 3, above its one split (the query reads only {@code
 * orders.eu}), with no idle timeout: its windows fire. The example is taken from the README as it
 * is, with the test server's address, plain connection and, to keep the test short, one-second
 * windows instead of one-minute ones.
 */
class ReadmeWindowExampleITCase {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    /** The README's SQL block that creates the {@code orders} table. */
    private static String ordersExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher block = SQL_BLOCK.matcher(readme);
        while (block.find()) {
            if (block.group(1).contains("CREATE TABLE orders")) {
                return block.group(1).replaceAll("--[^\\n]*", "");
            }
        }
        throw new AssertionError("The README has no CREATE TABLE orders example");
    }

    @Test
    void theWindowExampleFiresAtParallelismAboveItsSplitCount() throws Exception {
        String[] statements = ordersExample().split(";");
        String create =
                statements[0]
                        .replaceFirst(
                                "'server_url' = '[^']*'", "'server_url' = '" + NATS.url() + "'")
                        .replaceFirst("'connect_mode' = '[^']*'", "'connect_mode' = 'plain'")
                        .replaceFirst("'username' = '[^']*',", "")
                        .replaceFirst("'password' = '[^']*',", "");
        String query = statements[1].replace("INTERVAL '1' MINUTE", "INTERVAL '1' SECOND");
        assertThat(create).contains("'subject' = 'orders.eu,orders.us'");
        assertThat(query).contains("WHERE subj = 'orders.eu'");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        try (NatsTestStreams streams = NatsTestStreams.connect(NATS)) {
            streams.createStream("ORDERS", "orders.>");
            tables.executeSql(create);
            try (RunningQuery running = new RunningQuery(tables.executeSql(query))) {
                for (int i = 0; i < 3; i++) {
                    streams.publish(
                            "orders.eu",
                            "{\"order_id\": \"o" + i + "\", \"region\": \"eu\", \"amount\": 1.5}");
                }
                streams.publish("orders.us", "{\"order_id\": \"u\", \"region\": \"us\"}");
                // A later order moves the watermark (stored time - 5 s) past the first windows.
                long closing = System.currentTimeMillis() + 7_000;
                waitUtil(
                        () -> System.currentTimeMillis() > closing,
                        Duration.ofSeconds(10),
                        "the clock to pass the first orders' windows and the watermark delay");
                streams.publish(
                        "orders.eu", "{\"order_id\": \"late\", \"region\": \"eu\", \"amount\": 1}");
                waitUtil(
                        () -> countOf(running) == 3,
                        Duration.ofSeconds(60),
                        "the windows of the first three orders to fire");
                assertThat(running.rows()).allMatch(row -> "eu".equals(row.getField(1)));
            }
        }
    }

    private static long countOf(RunningQuery running) {
        return running.rows().stream().mapToLong(row -> (Long) row.getField(2)).sum();
    }
}
