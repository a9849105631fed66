package io.flinkrw.e2e.bench.sources;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.NatsServer;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The source benchmarks ({@code scripts/benchmark-sources}, see docs/performance.md): throughput of
 * this project's NATS source against a plain jnats loop and the Synadia connector, of its Kinesis
 * polling source against a plain AWS SDK loop, and publish-to-emit latency of both sources at a
 * fixed rate. It starts nats-server and kinesalite itself, loads the data once, runs every
 * contender in its own JVM ({@link BenchmarkChild}), the contenders of a round one after the other
 * and the rounds after a warm-up round, and prints a table and writes JSON with medians.
 */
public final class SourceBenchmarks {

    static final String NATS_STREAM = "BENCH";
    static final String NATS_SUBJECT = "bench.data";
    static final String NATS_WARM_UP_STREAM = "BENCH_WARMUP";
    static final String NATS_WARM_UP_SUBJECT = "bench.warmup";
    static final String KINESIS_STREAM = "bench-data";
    static final String KINESIS_WARM_UP_STREAM = "bench-warmup";

    private static final Duration THROUGHPUT_TIMEOUT = Duration.ofMinutes(5);
    private static final int NATS_PUBLISH_WINDOW = 4_000;

    private final BenchSettings settings;
    private final List<Map<String, Object>> runs = new ArrayList<>();

    private SourceBenchmarks(BenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = new BenchSettings(List.of(args));
        Instant started = Instant.now();
        Map<String, Object> machine = Machine.describe();
        System.out.println("Source benchmarks on " + machine);
        SourceBenchmarks benchmarks = new SourceBenchmarks(settings);
        deleteRecursively(settings.output.resolve("logs"));
        try (NatsServer nats = NatsServer.plain();
                KinesisEmulator kinesis = KinesisEmulator.kinesalite()) {
            nats.startUp();
            kinesis.startUp();
            machine.put("nats_server", Machine.natsServerVersion());
            machine.put("kinesis_emulator", Machine.kinesaliteVersion());
            benchmarks.run(nats, kinesis);
        }
        machine.put("load_average_after", Machine.loadAverage());
        BenchReport report =
                new BenchReport(settings, machine, benchmarks.runs, started, Instant.now());
        System.out.println(report.table());
        Path json = report.writeJson(settings.output.resolve("sources.json"));
        System.out.println("Results: " + json.toAbsolutePath());
    }

    private void run(NatsServer nats, KinesisEmulator kinesis) throws Exception {
        if (settings.runs("nats")) {
            loadNats(nats, NATS_WARM_UP_STREAM, NATS_WARM_UP_SUBJECT, settings.natsWarmUpRecords);
            loadNats(nats, NATS_STREAM, NATS_SUBJECT, settings.natsRecords);
        }
        if (settings.runs("kinesis")) {
            loadKinesis(kinesis, KINESIS_WARM_UP_STREAM, settings.kinesisWarmUpRecords);
            loadKinesis(kinesis, KINESIS_STREAM, settings.kinesisRecords);
        }
        int total = settings.warmUpRounds + settings.rounds;
        for (int round = 0;
                round < total && (settings.runs("nats") || settings.runs("kinesis"));
                round++) {
            boolean warmUp = round < settings.warmUpRounds;
            if (settings.runs("nats")) {
                for (Contender contender :
                        inTurn(
                                round,
                                Contender.NATS_RW,
                                Contender.NATS_JNATS,
                                Contender.NATS_SYNADIA)) {
                    throughput(contender, round, warmUp, natsParams(nats));
                }
            }
            if (settings.runs("kinesis")) {
                for (Contender contender :
                        inTurn(
                                round,
                                Contender.KINESIS_RW,
                                Contender.KINESIS_SDK,
                                Contender.KINESIS_SDK_PACED)) {
                    Map<String, String> params = kinesisParams(kinesis, KINESIS_STREAM);
                    params.put("count", String.valueOf(settings.kinesisRecords));
                    params.put("warmup_stream", KINESIS_WARM_UP_STREAM);
                    params.put("warmup_count", String.valueOf(settings.kinesisWarmUpRecords));
                    throughput(contender, round, warmUp, params);
                }
            }
        }
        if (settings.runs("latency")) {
            for (int round = 0; round < settings.rounds; round++) {
                natsLatency(nats, round);
                kinesisLatency(kinesis, round);
            }
        }
    }

    /** Removes what an earlier run left, so that every log is this run's. */
    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * The contenders in the order they run in {@code round}: rotated by one each round, so that no
     * contender always runs first (right after loading, or right after the same neighbour).
     */
    private static List<Contender> inTurn(int round, Contender... contenders) {
        List<Contender> order = new ArrayList<>(List.of(contenders));
        Collections.rotate(order, -(round % contenders.length));
        return order;
    }

    // ------------------------------------------------------------------------------- the data

    private void loadNats(NatsServer server, String stream, String subject, int records)
            throws Exception {
        long start = System.nanoTime();
        try (Connection connection = Nats.connect(server.optionsBuilder().build())) {
            createNatsStream(connection, stream, subject);
            JetStream jetStream = connection.jetStream();
            List<CompletableFuture<PublishAck>> inFlight = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                inFlight.add(
                        jetStream.publishAsync(
                                subject, BenchPayloads.indexed(i, settings.natsSize)));
                if (inFlight.size() >= NATS_PUBLISH_WINDOW) {
                    awaitAcks(inFlight);
                }
            }
            awaitAcks(inFlight);
            long stored =
                    connection
                            .jetStreamManagement()
                            .getStreamInfo(stream)
                            .getStreamState()
                            .getMsgCount();
            if (stored != records) {
                throw new IllegalStateException(
                        "The NATS stream " + stream + " holds " + stored + " messages");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Loaded %,d NATS messages of %d B into %s in %.1f s%n",
                records,
                settings.natsSize,
                stream,
                (System.nanoTime() - start) / 1e9);
    }

    private static void createNatsStream(Connection connection, String stream, String subject)
            throws Exception {
        connection
                .jetStreamManagement()
                .addStream(
                        StreamConfiguration.builder()
                                .name(stream)
                                .subjects(subject)
                                .storageType(StorageType.File)
                                .build());
    }

    private static void awaitAcks(List<CompletableFuture<PublishAck>> inFlight) throws Exception {
        for (CompletableFuture<PublishAck> ack : inFlight) {
            ack.get(30, TimeUnit.SECONDS);
        }
        inFlight.clear();
    }

    private void loadKinesis(KinesisEmulator emulator, String stream, int records) {
        long start = System.nanoTime();
        try (KinesisTestStreams streams = new KinesisTestStreams(emulator)) {
            streams.create(stream, settings.kinesisShards);
            List<PutRecordsRequestEntry> entries = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(Integer.toString(i))
                                .data(
                                        SdkBytes.fromByteArrayUnsafe(
                                                BenchPayloads.indexed(i, settings.kinesisSize)))
                                .build());
            }
            streams.putAll(stream, entries);
        }
        System.out.printf(
                Locale.ROOT,
                "Loaded %,d Kinesis records of %d B into %s (%d shards) in %.1f s%n",
                records,
                settings.kinesisSize,
                stream,
                settings.kinesisShards,
                (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------------------ the runs

    private Map<String, String> natsParams(NatsServer nats) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("url", nats.url());
        params.put("stream", NATS_STREAM);
        params.put("subject", NATS_SUBJECT);
        params.put("batch", String.valueOf(settings.natsBatch));
        params.put("count", String.valueOf(settings.natsRecords));
        params.put("warmup_stream", NATS_WARM_UP_STREAM);
        params.put("warmup_subject", NATS_WARM_UP_SUBJECT);
        params.put("warmup_count", String.valueOf(settings.natsWarmUpRecords));
        return params;
    }

    private Map<String, String> kinesisParams(KinesisEmulator kinesis, String stream) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("endpoint", kinesis.endpoint().toString());
        params.put("region", kinesis.region());
        params.put("access_key", kinesis.accessKeyId());
        params.put("secret_key", kinesis.secretAccessKey());
        params.put("stream", stream);
        return params;
    }

    private void throughput(
            Contender contender, int round, boolean warmUp, Map<String, String> params)
            throws Exception {
        if (!settings.runs(contender)) {
            return;
        }
        params.put("contender", contender.name());
        params.put("mode", "throughput");
        params.put("timeout_s", String.valueOf(THROUGHPUT_TIMEOUT.toSeconds()));
        String name = String.format(Locale.ROOT, "throughput-%d-%s", round, contender.name());
        String load = Machine.loadAverage();
        Map<String, String> result;
        try (ChildJvm child = start(contender, name, params)) {
            result = child.awaitResult(THROUGHPUT_TIMEOUT.plusMinutes(1));
        }
        Map<String, Object> run = newRun("throughput", contender, round, warmUp, load);
        run.put("result", result);
        runs.add(run);
        System.out.printf(
                Locale.ROOT,
                "%-8s round %d%s %-36s %,12.0f rec/s  %6.2f CPU s/M rec  (load %s)%n",
                contender.system,
                round,
                warmUp ? " (warm-up)" : "          ",
                contender.label,
                Double.parseDouble(result.get("records_per_s")),
                Double.parseDouble(result.get("cpu_s_per_million")),
                load);
    }

    private void natsLatency(NatsServer nats, int round) throws Exception {
        if (!settings.runs(Contender.NATS_RW)) {
            return;
        }
        String stream = "LATENCY" + round;
        String subject = "latency." + round;
        try (Connection connection = Nats.connect(nats.optionsBuilder().build())) {
            createNatsStream(connection, stream, subject);
            JetStream jetStream = connection.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            PacedPublisher publisher =
                    new PacedPublisher(
                            payloads -> {
                                for (byte[] payload : payloads) {
                                    acks.add(jetStream.publishAsync(subject, payload));
                                }
                            },
                            settings.natsRate,
                            Duration.ofMillis(1),
                            settings.natsSize);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("url", nats.url());
            params.put("stream", stream);
            params.put("subject", subject);
            latency(Contender.NATS_RW, round, params, publisher, settings.natsRate);
            awaitAcks(acks);
            JetStreamManagement management = connection.jetStreamManagement();
            management.deleteStream(stream);
        }
    }

    private void kinesisLatency(KinesisEmulator kinesis, int round) throws Exception {
        if (!settings.runs(Contender.KINESIS_RW)) {
            return;
        }
        String stream = "latency-" + round;
        try (KinesisTestStreams streams = new KinesisTestStreams(kinesis)) {
            streams.create(stream, settings.kinesisShards);
            PacedPublisher publisher =
                    new PacedPublisher(
                            payloads -> {
                                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                                for (byte[] payload : payloads) {
                                    entries.add(
                                            PutRecordsRequestEntry.builder()
                                                    .partitionKey(
                                                            Long.toString(
                                                                    ThreadLocalRandom.current()
                                                                            .nextLong()))
                                                    .data(SdkBytes.fromByteArrayUnsafe(payload))
                                                    .build());
                                }
                                streams.putAll(stream, entries);
                            },
                            settings.kinesisRate,
                            Duration.ofMillis(10),
                            settings.kinesisSize);
            latency(
                    Contender.KINESIS_RW,
                    round,
                    kinesisParams(kinesis, stream),
                    publisher,
                    settings.kinesisRate);
            streams.delete(stream);
        }
    }

    private void latency(
            Contender contender,
            int round,
            Map<String, String> params,
            PacedPublisher publisher,
            int rate)
            throws Exception {
        int measured = rate * settings.latencySeconds;
        Duration warmUpLimit = Duration.ofMinutes(2);
        Duration timeout = warmUpLimit.plusSeconds(settings.latencySeconds).plusMinutes(2);
        params.put("contender", contender.name());
        params.put("mode", "latency");
        params.put("count", String.valueOf(measured));
        params.put("timeout_s", String.valueOf(timeout.toSeconds()));
        String name = String.format(Locale.ROOT, "latency-%d-%s", round, contender.name());
        String load = Machine.loadAverage();
        Map<String, Object> published;
        Map<String, String> result;
        try (ChildJvm child = start(contender, name, params)) {
            long[] warmSince = {-1};
            published =
                    publisher.run(
                            () -> {
                                if (!child.hasReadFirstRecord()) {
                                    return false;
                                }
                                if (warmSince[0] < 0) {
                                    warmSince[0] = System.nanoTime();
                                }
                                return System.nanoTime() - warmSince[0]
                                        >= TimeUnit.SECONDS.toNanos(settings.latencyWarmUpSeconds);
                            },
                            warmUpLimit,
                            settings.latencySeconds);
            result = child.awaitResult(Duration.ofMinutes(2));
        }
        Map<String, Object> run = newRun("latency", contender, round, false, load);
        run.put("publisher", published);
        run.put("result", result);
        runs.add(run);
        System.out.printf(
                Locale.ROOT,
                "%-8s latency run %d %-36s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (%s rec/s"
                        + " published; load %s)%n",
                contender.system,
                round,
                contender.label,
                Double.parseDouble(result.get("p50_ms")),
                Double.parseDouble(result.get("p99_ms")),
                Double.parseDouble(result.get("max_ms")),
                published.get("achieved_rate"),
                load);
    }

    private Map<String, Object> newRun(
            String kind, Contender contender, int round, boolean warmUp, String load) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("kind", kind);
        run.put("system", contender.system);
        run.put("contender", contender.name());
        run.put("label", contender.label);
        run.put("round", round);
        run.put("warm_up", warmUp);
        run.put("load_average_before", load);
        return run;
    }

    private ChildJvm start(Contender contender, String name, Map<String, String> params)
            throws Exception {
        List<String> options = new ArrayList<>(settings.jvmOptions);
        if (contender.system.equals("kinesis")) {
            options.add("-Daws.cborEnabled=false");
        }
        options.addAll(settings.extraJvmOptions);
        if (settings.flightRecorder) {
            Path recording = settings.output.resolve("jfr").resolve(name + ".jfr");
            Files.createDirectories(recording.getParent());
            params.put("jfr", recording.toAbsolutePath().toString());
        }
        return ChildJvm.start(
                options,
                classpath(contender),
                params,
                settings.output.resolve("logs").resolve(name + ".log"));
    }

    /**
     * This JVM's classpath; for the Synadia connector its jars from {@code
     * bench.sources.synadia.lib} instead of jnats 2.26 and this project's NATS connector.
     */
    private String classpath(Contender contender) throws Exception {
        String own = System.getProperty("java.class.path");
        if (contender != Contender.NATS_SYNADIA) {
            return own;
        }
        List<String> entries = new ArrayList<>();
        entries.add(settings.synadiaLib.resolve("classes").toAbsolutePath().toString());
        try (var jars = Files.list(settings.synadiaLib)) {
            jars.filter(p -> p.toString().endsWith(".jar"))
                    .sorted()
                    .forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        if (entries.stream().noneMatch(e -> e.contains("flink-connector-nats-2.1.4"))
                || !Files.isDirectory(settings.synadiaLib.resolve("classes/io"))) {
            throw new IllegalStateException(
                    "The Synadia connector's jars or its reader's classes are missing in "
                            + settings.synadiaLib.toAbsolutePath()
                            + " (the benchmarks-sources profile puts them there)");
        }
        for (String entry : own.split(File.pathSeparator)) {
            if (!entry.contains("/io/nats/jnats/") && !entry.contains("flink-connector-nats-rw")) {
                entries.add(entry);
            }
        }
        return entries.stream().collect(Collectors.joining(File.pathSeparator));
    }
}
