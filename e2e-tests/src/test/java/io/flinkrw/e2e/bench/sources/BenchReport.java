package io.flinkrw.e2e.bench.sources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Medians and ratios of the measured runs (warm-up rounds left out), as a Markdown table and as
 * JSON. A ratio is the median of the per-round ratios: the contenders of a round ran back to back,
 * so the machine's load changed least between the two halves of each ratio.
 */
final class BenchReport {

    private final BenchSettings settings;
    private final Map<String, Object> machine;
    private final List<Map<String, Object>> runs;
    private final Instant started;
    private final Instant finished;
    private final Map<String, Object> summary = new LinkedHashMap<>();

    BenchReport(
            BenchSettings settings,
            Map<String, Object> machine,
            List<Map<String, Object>> runs,
            Instant started,
            Instant finished) {
        this.settings = settings;
        this.machine = machine;
        this.runs = runs;
        this.started = started;
        this.finished = finished;
        if (settings.runs("nats")) {
            summary.put(
                    "nats_throughput",
                    throughput(
                            List.of(
                                    Contender.NATS_RW,
                                    Contender.NATS_JNATS,
                                    Contender.NATS_SYNADIA),
                            new Ratio(
                                    "flink-rw / jnats",
                                    Contender.NATS_RW,
                                    Contender.NATS_JNATS,
                                    0.8),
                            new Ratio(
                                    "flink-rw / synadia",
                                    Contender.NATS_RW,
                                    Contender.NATS_SYNADIA,
                                    3.0)));
        }
        if (settings.runs("kinesis")) {
            summary.put(
                    "kinesis_throughput",
                    throughput(
                            List.of(
                                    Contender.KINESIS_RW,
                                    Contender.KINESIS_SDK,
                                    Contender.KINESIS_SDK_PACED),
                            new Ratio(
                                    "flink-rw / sdk",
                                    Contender.KINESIS_RW,
                                    Contender.KINESIS_SDK,
                                    0.9),
                            new Ratio(
                                    "flink-rw / sdk within Kinesis' limits",
                                    Contender.KINESIS_RW,
                                    Contender.KINESIS_SDK_PACED,
                                    null)));
        }
        if (settings.runs("latency")) {
            Map<String, Object> latency = new LinkedHashMap<>();
            for (Contender contender : List.of(Contender.NATS_RW, Contender.KINESIS_RW)) {
                latency.put(contender.name(), latency(contender));
            }
            summary.put("latency", latency);
        }
    }

    /** {@code ours / theirs}; {@code target} null when the issue sets none. */
    private record Ratio(String name, Contender ours, Contender theirs, Double target) {}

    private Map<String, Object> throughput(List<Contender> contenders, Ratio... ratios) {
        Map<String, Object> section = new LinkedHashMap<>();
        Map<String, Object> byContender = new LinkedHashMap<>();
        for (Contender contender : contenders) {
            List<Map<String, Object>> measured = measured("throughput", contender);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", contender.label);
            entry.put("median_records_per_s", median(values(measured, "records_per_s")));
            entry.put("records_per_s", values(measured, "records_per_s"));
            entry.put("median_cpu_s_per_million", median(values(measured, "cpu_s_per_million")));
            entry.put("cpu_s_per_million", values(measured, "cpu_s_per_million"));
            entry.put("load_average_before", loads(measured));
            byContender.put(contender.name(), entry);
        }
        section.put("contenders", byContender);
        Map<String, Object> ratioSection = new LinkedHashMap<>();
        for (Ratio ratio : ratios) {
            List<Double> ours = values(measured("throughput", ratio.ours), "records_per_s");
            List<Double> theirs = values(measured("throughput", ratio.theirs), "records_per_s");
            List<Double> perRound = new ArrayList<>();
            for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
                perRound.add(round(ours.get(i) / theirs.get(i)));
            }
            if (perRound.isEmpty()) {
                continue; // a contender was left out (bench setting "contenders")
            }
            double median = round(median(perRound));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("median", median);
            entry.put("per_round", perRound);
            entry.put("target", ratio.target);
            entry.put("met", ratio.target == null ? null : median >= ratio.target);
            ratioSection.put(ratio.name, entry);
        }
        section.put("ratios", ratioSection);
        return section;
    }

    private Map<String, Object> latency(Contender contender) {
        List<Map<String, Object>> measured = measured("latency", contender);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("label", contender.label);
        for (String key : List.of("p50_ms", "p99_ms", "max_ms")) {
            entry.put("median_" + key, median(values(measured, key)));
            entry.put(key, values(measured, key));
        }
        entry.put("load_average_before", loads(measured));
        return entry;
    }

    private List<Map<String, Object>> measured(String kind, Contender contender) {
        return runs.stream()
                .filter(run -> run.get("kind").equals(kind))
                .filter(run -> run.get("contender").equals(contender.name()))
                .filter(run -> !(Boolean) run.get("warm_up"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static List<Double> values(List<Map<String, Object>> runs, String key) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            values.add(Double.parseDouble(((Map<String, String>) run.get("result")).get(key)));
        }
        return values;
    }

    private static List<String> loads(List<Map<String, Object>> runs) {
        return runs.stream()
                .map(run -> (String) run.get("load_average_before"))
                .collect(Collectors.toList());
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median =
                n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return round(median);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    // ---------------------------------------------------------------------------------- output

    /** The results as Markdown tables, ready for docs/performance.md. */
    @SuppressWarnings("unchecked")
    String table() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nSource benchmarks, %s (%d s): %s, %s cores, %s, %s; %s; %s%n"
                                + "Load average (1, 5, 15 min) before: %s, after: %s. Medians of %d"
                                + " rounds after %d warm-up round(s).%n",
                        started,
                        Duration.between(started, finished).toSeconds(),
                        machine.get("cpu"),
                        machine.get("cores"),
                        machine.get("memory"),
                        machine.get("java"),
                        machine.get("nats_server"),
                        machine.get("kinesis_emulator"),
                        machine.get("load_average_before"),
                        machine.get("load_average_after"),
                        settings.rounds,
                        settings.warmUpRounds));
        if (summary.containsKey("nats_throughput")) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%nNATS JetStream: %,d messages of %d B on one subject, parallelism 1,"
                                    + " batch size %d, discarding sink%n%n",
                            settings.natsRecords,
                            settings.natsSize,
                            settings.natsBatch));
            throughputTable(out, (Map<String, Object>) summary.get("nats_throughput"));
        }
        if (summary.containsKey("kinesis_throughput")) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%nKinesis (kinesalite): %,d records of %d B in %d shards, parallelism 1,"
                                    + " discarding sink%n%n",
                            settings.kinesisRecords,
                            settings.kinesisSize,
                            settings.kinesisShards));
            throughputTable(out, (Map<String, Object>) summary.get("kinesis_throughput"));
        }
        if (summary.containsKey("latency")) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%nPublish-to-emit latency: %d s at a fixed rate (NATS %,d msg/s, Kinesis"
                                    + " %,d rec/s) after %d s of warm-up, the readers' default"
                                    + " settings%n%n",
                            settings.latencySeconds,
                            settings.natsRate,
                            settings.kinesisRate,
                            settings.latencyWarmUpSeconds));
            out.append(
                    "| source | p50 ms | p99 ms | max ms | runs: p50 / p99 / max ms | load (1 min)"
                            + " |\n|---|---:|---:|---:|---|---|\n");
            Map<String, Object> latency = (Map<String, Object>) summary.get("latency");
            for (Object value : latency.values()) {
                Map<String, Object> entry = (Map<String, Object>) value;
                List<Double> p50 = (List<Double>) entry.get("p50_ms");
                List<Double> p99 = (List<Double>) entry.get("p99_ms");
                List<Double> max = (List<Double>) entry.get("max_ms");
                List<String> runsText = new ArrayList<>();
                for (int i = 0; i < p50.size(); i++) {
                    runsText.add(
                            String.format(
                                    Locale.ROOT,
                                    "%.1f / %.1f / %.1f",
                                    p50.get(i),
                                    p99.get(i),
                                    max.get(i)));
                }
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %.1f | %.1f | %.1f | %s | %s |%n",
                                entry.get("label"),
                                (Double) entry.get("median_p50_ms"),
                                (Double) entry.get("median_p99_ms"),
                                (Double) entry.get("median_max_ms"),
                                String.join("; ", runsText),
                                loads1((List<String>) entry.get("load_average_before"))));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void throughputTable(StringBuilder out, Map<String, Object> section) {
        out.append(
                "| contender | records/s | runs (records/s) | CPU s per 1M records | load (1"
                        + " min) |\n|---|---:|---|---:|---|\n");
        Map<String, Object> contenders = (Map<String, Object>) section.get("contenders");
        for (Object value : contenders.values()) {
            Map<String, Object> entry = (Map<String, Object>) value;
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,.0f | %s | %.2f | %s |%n",
                            entry.get("label"),
                            (Double) entry.get("median_records_per_s"),
                            ((List<Double>) entry.get("records_per_s"))
                                    .stream()
                                            .map(v -> String.format(Locale.ROOT, "%,.0f", v))
                                            .collect(Collectors.joining(" / ")),
                            (Double) entry.get("median_cpu_s_per_million"),
                            loads1((List<String>) entry.get("load_average_before"))));
        }
        out.append("\n| ratio | median of rounds | rounds | target |\n|---|---:|---|---|\n");
        Map<String, Object> ratios = (Map<String, Object>) section.get("ratios");
        for (Map.Entry<String, Object> ratio : ratios.entrySet()) {
            Map<String, Object> entry = (Map<String, Object>) ratio.getValue();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | **%.3f** | %s | %s |%n",
                            ratio.getKey(),
                            (Double) entry.get("median"),
                            ((List<Double>) entry.get("per_round"))
                                    .stream()
                                            .map(v -> String.format(Locale.ROOT, "%.3f", v))
                                            .collect(Collectors.joining(" ")),
                            entry.get("target") == null
                                    ? "–"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.1f %s",
                                            (Double) entry.get("target"),
                                            (Boolean) entry.get("met") ? "met" : "MISSED")));
        }
    }

    private static String loads1(List<String> loads) {
        return loads.stream().map(l -> l.split(" ")[0]).collect(Collectors.joining(" / "));
    }

    /** Writes everything (machine, settings, every run, the summary) to {@code file}. */
    Path writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", started.toString());
        json.put("finished", finished.toString());
        json.put("machine", machine);
        json.put("settings", settings.asMap());
        json.put("summary", summary);
        json.put("runs", runs);
        Files.createDirectories(file.getParent());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), json);
        return file;
    }
}
