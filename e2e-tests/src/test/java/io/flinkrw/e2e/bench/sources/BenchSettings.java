package io.flinkrw.e2e.bench.sources;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's settings: system properties {@code bench.sources.*}, with the values. */
final class BenchSettings {

    final int rounds = intValue("rounds", 3);
    final int warmUpRounds = intValue("warmups", 1);
    final List<String> parts =
            Arrays.asList(
                    System.getProperty("bench.sources.parts", "nats,kinesis,latency").split(","));

    final int natsRecords = intValue("nats.records", 1_000_000);
    final int natsSize = intValue("nats.size", 128);
    final int natsBatch = intValue("nats.batch", 500);

    final int kinesisRecords = intValue("kinesis.records", 200_000);
    final int kinesisSize = intValue("kinesis.size", 200);
    final int kinesisShards = intValue("kinesis.shards", 4);

    final int latencySeconds = intValue("latency.seconds", 60);
    final int latencyWarmUpSeconds = intValue("latency.warmup.seconds", 5);
    final int natsRate = intValue("latency.nats.rate", 5_000);
    final int kinesisRate = intValue("latency.kinesis.rate", 500);

    final Path output = Path.of(System.getProperty("bench.sources.output", "target/benchmarks"));
    final Path synadiaLib =
            Path.of(System.getProperty("bench.sources.synadia.lib", "target/bench-synadia"));
    final List<String> jvmOptions = jvmOptions();
    final boolean flightRecorder = Boolean.getBoolean("bench.sources.jfr");

    boolean runs(String part) {
        return parts.contains(part);
    }

    /** The settings as they go into the JSON. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rounds", rounds);
        map.put("warm_up_rounds", warmUpRounds);
        map.put("nats_records", natsRecords);
        map.put("nats_payload_bytes", natsSize);
        map.put("nats_batch_size", natsBatch);
        map.put("kinesis_records", kinesisRecords);
        map.put("kinesis_payload_bytes", kinesisSize);
        map.put("kinesis_shards", kinesisShards);
        map.put("latency_seconds", latencySeconds);
        map.put("latency_warm_up_seconds", latencyWarmUpSeconds);
        map.put("latency_nats_rate", natsRate);
        map.put("latency_kinesis_rate", kinesisRate);
        map.put("child_jvm_options", jvmOptions);
        return map;
    }

    private static List<String> jvmOptions() {
        List<String> options =
                new java.util.ArrayList<>(
                        List.of(
                                "-Xms1g",
                                "-Xmx1g",
                                "-XX:+UseParallelGC",
                                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        for (String option : System.getProperty("bench.sources.jvm.opens", "").split("\\s+")) {
            if (!option.isBlank()) {
                options.add(option);
            }
        }
        return options;
    }

    private static int intValue(String name, int defaultValue) {
        return Integer.parseInt(
                System.getProperty("bench.sources." + name, String.valueOf(defaultValue)));
    }
}
