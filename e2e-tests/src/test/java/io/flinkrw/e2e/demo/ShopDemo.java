package io.flinkrw.e2e.demo;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.NatsServer;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The demo pipeline ({@code scripts/demo}): a shop's orders arrive on NATS JetStream and its clicks
 * on Kinesis, both as JSON; a Flink SQL job reads them with this project's {@code nats} and {@code
 * kinesis} connectors and the {@code rw-json} format, aggregates and joins them, and keeps a live
 * view of orders, revenue, clicks and conversion per region and minute.
 *
 * <p>nats-server and kinesis-local run as local processes for the length of the demo; Flink runs
 * embedded. It ends by itself after the given number of seconds (default 60), or on Ctrl-C, and
 * stops every process it started.
 */
public final class ShopDemo {

    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final List<String> PAGES =
            List.of("/", "/search", "/product/42", "/product/7", "/cart", "/checkout");
    private static final int ORDERS_PER_SECOND = 20;
    private static final int CLICKS_PER_SECOND = 150;
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ShopDemo() {}

    public static void main(String[] args) throws Exception {
        Duration length = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 60);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    interrupted.countDown();
                                    awaitQuietly(finished, Duration.ofSeconds(15));
                                },
                                "demo-ctrl-c"));

        say("Starting nats-server and kinesis-local (local processes, loopback ports) ...");
        try (NatsServer nats = NatsServer.plain();
                KinesisEmulator kinesis = KinesisEmulator.kinesisLocal()) {
            nats.startUp();
            kinesis.startUp();
            try (NatsTestStreams natsStreams = NatsTestStreams.connect(nats);
                    KinesisTestStreams kinesisStreams = new KinesisTestStreams(kinesis)) {
                natsStreams.createStream("shop", "shop.orders.>");
                kinesisStreams.create("clicks", 2);
                say("  nats-server   " + nats.url() + "   stream 'shop', subjects shop.orders.>");
                say("  kinesis-local " + kinesis.endpoint() + "   stream 'clicks', 2 shards");
                run(length, interrupted, nats, natsStreams, kinesis, kinesisStreams);
            }
        }
        say("Stopped nats-server and kinesis-local. Bye.");
        finished.countDown();
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(
            Duration length,
            CountDownLatch interrupted,
            NatsServer nats,
            NatsTestStreams natsStreams,
            KinesisEmulator kinesis,
            KinesisTestStreams kinesisStreams)
            throws Exception {
        AtomicLong ordersSent = new AtomicLong();
        AtomicLong clicksSent = new AtomicLong();
        ScheduledExecutorService producers =
                Executors.newScheduledThreadPool(
                        2,
                        task -> {
                            Thread thread = new Thread(task, "demo-producer");
                            thread.setDaemon(true);
                            return thread;
                        });
        Random random = new Random(7);
        producers.scheduleAtFixedRate(
                () -> publishOrders(natsStreams, random, ordersSent),
                0,
                100,
                TimeUnit.MILLISECONDS);
        producers.scheduleAtFixedRate(
                () -> putClicks(kinesisStreams, random, clicksSent), 0, 200, TimeUnit.MILLISECONDS);

        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            StreamTableEnvironment tables = StreamTableEnvironment.create(env);
            tables.executeSql(ordersTable(nats));
            tables.executeSql(clicksTable(kinesis, kinesisStreams));
            say("");
            say("Flink SQL (embedded), live view of the last minutes:");
            say(indent(LIVE_VIEW));
            TableResult result = tables.executeSql(LIVE_VIEW);

            LiveView view = new LiveView();
            Thread reader =
                    new Thread(
                            () -> {
                                try (CloseableIterator<Row> rows = result.collect()) {
                                    rows.forEachRemaining(view::apply);
                                } catch (Exception e) {
                                    view.fail(e);
                                }
                            },
                            "demo-results");
            reader.setDaemon(true);
            reader.start();

            Instant end = Instant.now().plus(length);
            long lastOrders = 0;
            long lastClicks = 0;
            Instant last = Instant.now();
            try {
                while (Instant.now().isBefore(end)
                        && !interrupted.await(REFRESH.toMillis(), TimeUnit.MILLISECONDS)) {
                    view.rethrowFailure();
                    Instant now = Instant.now();
                    double seconds =
                            Math.max(0.001, Duration.between(last, now).toMillis() / 1000.0);
                    long orders = view.total(2);
                    long clicks = view.total(4);
                    say("");
                    say(
                            String.format(
                                    "%s  orders read %,d (%.0f/s, %,d published)  clicks read %,d"
                                            + " (%.0f/s, %,d put)",
                                    LocalTime.now().format(CLOCK),
                                    orders,
                                    (orders - lastOrders) / seconds,
                                    ordersSent.get(),
                                    clicks,
                                    (clicks - lastClicks) / seconds,
                                    clicksSent.get()));
                    say(view.render());
                    lastOrders = orders;
                    lastClicks = clicks;
                    last = now;
                }
            } finally {
                result.getJobClient().ifPresent(job -> job.cancel());
            }
        } finally {
            producers.shutdownNow();
            producers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static final String LIVE_VIEW =
            "WITH o AS (\n"
                    + "  SELECT region, DATE_FORMAT(ts, 'HH:mm') AS minute_,\n"
                    + "         COUNT(*) AS orders, SUM(amount) AS revenue\n"
                    + "  FROM orders GROUP BY region, DATE_FORMAT(ts, 'HH:mm')),\n"
                    + "c AS (\n"
                    + "  SELECT region, DATE_FORMAT(ts, 'HH:mm') AS minute_, COUNT(*) AS clicks\n"
                    + "  FROM clicks GROUP BY region, DATE_FORMAT(ts, 'HH:mm'))\n"
                    + "SELECT COALESCE(o.region, c.region), COALESCE(o.minute_, c.minute_),\n"
                    + "       o.orders, o.revenue, c.clicks\n"
                    + "FROM o FULL OUTER JOIN c\n"
                    + "  ON o.region = c.region AND o.minute_ = c.minute_";

    private static String ordersTable(NatsServer nats) {
        return "CREATE TABLE orders (\n"
                + "  order_id STRING,\n"
                + "  region   STRING,\n"
                + "  amount   DECIMAL(10, 2),\n"
                + "  ts       TIMESTAMP_LTZ(3)\n"
                + ") WITH (\n"
                + "  'connector' = 'nats',\n"
                + "  'server_url' = '"
                + nats.url()
                + "',\n"
                + "  'subject' = 'shop.orders.>',\n"
                + "  'stream' = 'shop',\n"
                + "  'connect_mode' = 'plain',\n"
                + "  'format' = 'rw-json'\n"
                + ")";
    }

    private static String clicksTable(KinesisEmulator kinesis, KinesisTestStreams streams) {
        Map<String, String> options = new TreeMap<>(streams.sourceOptions("clicks"));
        options.put("connector", "kinesis");
        options.put("format", "rw-json");
        return "CREATE TABLE clicks (\n"
                + "  user_id STRING,\n"
                + "  region  STRING,\n"
                + "  page    STRING,\n"
                + "  ts      TIMESTAMP_LTZ(3)\n"
                + ") WITH (\n"
                + options.entrySet().stream()
                        .map(e -> "  '" + e.getKey() + "' = '" + e.getValue() + "'")
                        .collect(Collectors.joining(",\n"))
                + "\n)";
    }

    private static void publishOrders(NatsTestStreams nats, Random random, AtomicLong sent) {
        try {
            for (int i = 0; i < ORDERS_PER_SECOND / 10; i++) {
                String region = REGIONS.get(random.nextInt(REGIONS.size()));
                BigDecimal amount =
                        BigDecimal.valueOf(500 + random.nextInt(19_500), 2)
                                .setScale(2, RoundingMode.UNNECESSARY);
                String order =
                        String.format(
                                "{\"order_id\":\"o-%d\",\"region\":\"%s\",\"amount\":%s,"
                                        + "\"ts\":\"%s\"}",
                                sent.incrementAndGet(), region, amount, Instant.now());
                nats.publish("shop.orders." + region, order);
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                say("order producer: " + e);
            }
        }
    }

    private static void putClicks(KinesisTestStreams kinesis, Random random, AtomicLong sent) {
        try {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int i = 0; i < CLICKS_PER_SECOND / 5; i++) {
                String user = "u-" + random.nextInt(500);
                String click =
                        String.format(
                                "{\"user_id\":\"%s\",\"region\":\"%s\",\"page\":\"%s\","
                                        + "\"ts\":\"%s\"}",
                                user,
                                REGIONS.get(random.nextInt(REGIONS.size())),
                                PAGES.get(random.nextInt(PAGES.size())),
                                Instant.now());
                batch.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(user)
                                .data(SdkBytes.fromString(click, StandardCharsets.UTF_8))
                                .build());
            }
            kinesis.putAll("clicks", batch);
            sent.addAndGet(batch.size());
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                say("click producer: " + e);
            }
        }
    }

    private static String indent(String sql) {
        return sql.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * The query's changelog applied to a table of rows keyed by region and minute. The join
     * retracts a row just before it adds the row's new counts; a region and minute never goes away
     * for good in this query, so a retracted row stays on show until its new version arrives (else
     * a refresh between the two would show it missing and the totals going down).
     */
    private static final class LiveView {
        private final Map<String, Row> rows = new TreeMap<>();
        private volatile Exception failure;

        synchronized void apply(Row change) {
            if (change.getKind() == RowKind.INSERT || change.getKind() == RowKind.UPDATE_AFTER) {
                rows.put(change.getField(1) + " " + change.getField(0), change);
            }
        }

        void fail(Exception e) {
            failure = e;
        }

        void rethrowFailure() throws Exception {
            if (failure != null) {
                throw failure;
            }
        }

        /** The sum of a count column over all rows. */
        synchronized long total(int column) {
            return rows.values().stream()
                    .map(r -> (Long) r.getField(column))
                    .filter(v -> v != null)
                    .mapToLong(Long::longValue)
                    .sum();
        }

        synchronized String render() {
            StringBuilder out =
                    new StringBuilder(
                            String.format(
                                    "  %-6s %-9s %7s %12s %7s %11s%n",
                                    "minute",
                                    "region",
                                    "orders",
                                    "revenue",
                                    "clicks",
                                    "conversion"));
            for (Row row : rows.values()) {
                Long orders = (Long) row.getField(2);
                BigDecimal revenue = (BigDecimal) row.getField(3);
                Long clicks = (Long) row.getField(4);
                String conversion =
                        orders != null && clicks != null && clicks > 0
                                ? String.format("%.1f%%", 100.0 * orders / clicks)
                                : "-";
                out.append(
                        String.format(
                                "  %-6s %-9s %7s %12s %7s %11s%n",
                                row.getField(1),
                                row.getField(0),
                                orders == null ? "-" : String.format("%,d", orders),
                                revenue == null ? "-" : String.format("%,.2f", revenue),
                                clicks == null ? "-" : String.format("%,d", clicks),
                                conversion));
            }
            return out.toString().stripTrailing();
        }
    }
}
