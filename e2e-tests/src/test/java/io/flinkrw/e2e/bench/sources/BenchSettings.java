package io.flinkrw.e2e.bench.sources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's settings, with the values as defaults. Each is a {@code key=value}
 * argument of {@link SourceBenchmarks} (e.g. {@code nats.records=20000 rounds=1}) or, failing that,
 * the system property {@code bench.sources.<key>}. An argument with a key that is not one of these
 * fails the run, so a typo never silently benchmarks the defaults.
 */
final class BenchSettings {

    private final Map<String, String> arguments;
    private final Set<String> known = new HashSet<>();

    final int rounds;
    final int warmUpRounds;
    final List<String> parts;

    /** Only these contenders (names of {@link Contender}), e.g. to profile one; default all. */
    final List<String> contenders;

    final int natsRecords;
    final int natsSize;
    final int natsBatch;

    /** Read by each contender's JVM before the measured pass, from a stream of their own. */
    final int natsWarmUpRecords;

    final int kinesisRecords;
    final int kinesisSize;
    final int kinesisShards;
    final int kinesisWarmUpRecords;

    final int latencySeconds;
    final int latencyWarmUpSeconds;
    final int natsRate;
    final int kinesisRate;

    final Path output;
    final Path synadiaLib;
    final List<String> jvmOptions;

    /** A JFR recording of every contender's JVM, in {@code <output>/jfr}. */
    final boolean flightRecorder;

    /** Extra options of the contenders' JVMs, e.g. a profiler agent. */
    final List<String> extraJvmOptions;

    BenchSettings(List<String> args) {
        arguments = new LinkedHashMap<>();
        for (String arg : args) {
            for (String pair : arg.trim().split("\\s+")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "Expected key=value, got '" + pair + "' (see docs/performance.md)");
                }
                arguments.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        rounds = intValue("rounds", 3);
        warmUpRounds = intValue("warmups", 1);
        parts = split(value("parts", "nats,kinesis,latency"), ",");
        contenders = split(value("contenders", ""), ",");
        natsRecords = intValue("nats.records", 1_000_000);
        natsSize = intValue("nats.size", 128);
        natsBatch = intValue("nats.batch", 500);
        natsWarmUpRecords = intValue("nats.warmup.records", 200_000);
        kinesisRecords = intValue("kinesis.records", 200_000);
        kinesisSize = intValue("kinesis.size", 200);
        kinesisShards = intValue("kinesis.shards", 4);
        kinesisWarmUpRecords = intValue("kinesis.warmup.records", 100_000);
        latencySeconds = intValue("latency.seconds", 60);
        latencyWarmUpSeconds = intValue("latency.warmup.seconds", 5);
        natsRate = intValue("latency.nats.rate", 5_000);
        kinesisRate = intValue("latency.kinesis.rate", 500);
        output = Path.of(value("output", "target/benchmarks"));
        synadiaLib = Path.of(value("synadia.lib", "target/bench-synadia"));
        flightRecorder = Boolean.parseBoolean(value("jfr", "false"));
        extraJvmOptions = split(value("child.options", ""), "\\s+");
        jvmOptions = new ArrayList<>();
        jvmOptions.addAll(
                List.of(
                        "-Xms1g",
                        "-Xmx1g",
                        "-XX:+UseParallelGC",
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        jvmOptions.addAll(split(value("jvm.opens", ""), "\\s+"));

        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown benchmark settings " + unknown + "; known: " + new TreeSet<>(known));
        }
        for (String part : parts) {
            if (!List.of("nats", "kinesis", "latency").contains(part)) {
                throw new IllegalArgumentException(
                        "Unknown part '" + part + "' in parts; known: nats, kinesis, latency");
            }
        }
        for (String contender : contenders) {
            Contender.valueOf(contender);
        }
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    boolean runs(Contender contender) {
        return contenders.isEmpty() || contenders.contains(contender.name());
    }

    /** The settings as they go into the JSON. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("arguments", arguments);
        map.put("rounds", rounds);
        map.put("warm_up_rounds", warmUpRounds);
        map.put("parts", parts);
        map.put("contenders", contenders.isEmpty() ? "all" : contenders);
        map.put("nats_records", natsRecords);
        map.put("nats_payload_bytes", natsSize);
        map.put("nats_batch_size", natsBatch);
        map.put("nats_warm_up_records_per_jvm", natsWarmUpRecords);
        map.put("kinesis_records", kinesisRecords);
        map.put("kinesis_payload_bytes", kinesisSize);
        map.put("kinesis_shards", kinesisShards);
        map.put("kinesis_warm_up_records_per_jvm", kinesisWarmUpRecords);
        map.put("latency_seconds", latencySeconds);
        map.put("latency_warm_up_seconds", latencyWarmUpSeconds);
        map.put("latency_nats_rate", natsRate);
        map.put("latency_kinesis_rate", kinesisRate);
        map.put("child_jvm_options", jvmOptions);
        map.put("child_extra_jvm_options", extraJvmOptions);
        map.put("jfr", flightRecorder);
        return map;
    }

    private String value(String key, String defaultValue) {
        known.add(key);
        String value = arguments.get(key);
        return value != null ? value : System.getProperty("bench.sources." + key, defaultValue);
    }

    private int intValue(String key, int defaultValue) {
        String value = value(key, String.valueOf(defaultValue));
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Benchmark setting " + key + " must be a whole number, got '" + value + "'");
        }
    }

    private static List<String> split(String value, String separator) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(separator)) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
