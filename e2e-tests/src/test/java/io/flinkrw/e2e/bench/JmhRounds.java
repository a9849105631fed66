package io.flinkrw.e2e.bench;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs a JMH suite several times, one fork per benchmark, and keeps every iteration's score per
 * benchmark and, per round, the ratio of two benchmarks' medians: on a shared machine the ratio of
 * two benchmarks run back to back is steadier than either score.
 */
final class JmhRounds {

    /** Every iteration's score (records per second), by benchmark method. */
    final Map<String, List<Double>> scores = new TreeMap<>();

    /** The per-round ratios, by the name of the pair. */
    final Map<String, List<Double>> ratios = new LinkedHashMap<>();

    final String loadBefore;
    String loadAfter;

    private JmhRounds() {
        this.loadBefore = loadAverage();
    }

    /**
     * Runs {@code suite} {@code rounds} times; each pair is {name, numerator method, denominator
     * method}.
     */
    static JmhRounds run(Class<?> suite, int rounds, String[][] pairs) throws RunnerException {
        JmhRounds result = new JmhRounds();
        for (int round = 1; round <= rounds; round++) {
            Options options =
                    new OptionsBuilder()
                            .include(suite.getName() + "\\.")
                            .jvmArgsAppend("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC")
                            .build();
            Map<String, Double> roundMedian = new TreeMap<>();
            for (RunResult run : new Runner(options).run()) {
                String name = run.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.') + 1);
                List<Double> iterations = new ArrayList<>();
                for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                    for (IterationResult iteration : benchmark.getIterationResults()) {
                        iterations.add(iteration.getPrimaryResult().getScore());
                    }
                }
                result.scores.computeIfAbsent(name, n -> new ArrayList<>()).addAll(iterations);
                roundMedian.put(name, median(iterations));
            }
            for (String[] pair : pairs) {
                result.ratios
                        .computeIfAbsent(pair[0], p -> new ArrayList<>())
                        .add(roundMedian.get(pair[1]) / roundMedian.get(pair[2]));
            }
        }
        result.loadAfter = loadAverage();
        return result;
    }

    /** A table of each benchmark's median and range over all iterations of all rounds. */
    String scoreTable(int nameWidth) {
        StringBuilder table = new StringBuilder();
        String header = "| %-" + nameWidth + "s | %14s | %25s |%n";
        String row = "| %-" + nameWidth + "s | %,14.0f | %,12.0f - %,10.0f |%n";
        table.append(
                String.format(Locale.ROOT, header, "decoder", "median rec/s", "min - max rec/s"));
        for (Map.Entry<String, List<Double>> entry : scores.entrySet()) {
            List<Double> values = entry.getValue();
            table.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            entry.getKey(),
                            median(values),
                            values.stream().mapToDouble(d -> d).min().orElse(0),
                            values.stream().mapToDouble(d -> d).max().orElse(0)));
        }
        return table.toString();
    }

    /** The ratios of one pair, round by round, as "1.93 1.54 ...". */
    String perRound(String pair) {
        return ratios.get(pair).stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r))
                .collect(Collectors.joining(" "));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
