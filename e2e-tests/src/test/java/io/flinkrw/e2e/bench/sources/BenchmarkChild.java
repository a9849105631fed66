package io.flinkrw.e2e.bench.sources;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JVM of one contender in one run, started by {@link SourceBenchmarks}: reads until it has seen
 * every expected record, prints {@code FIRST_RECORD} when the first one arrives and one {@code
 * RESULT key=value ...} line at the end, and exits (the exit also ends whatever a contender leaves
 * running, such as the leaked connection of the Synadia connector).
 *
 * <p>Arguments: {@code key=value} pairs; {@code contender} is a {@link Contender} name, {@code
 * mode} is {@code throughput} or {@code latency}, {@code count} the number of distinct records
 * (throughput) or of measured records (latency) to read.
 */
public final class BenchmarkChild {

    private BenchmarkChild() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> params = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            params.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int count = Integer.parseInt(params.get("count"));
        if ("latency".equals(params.get("mode"))) {
            ReadRecorder.expectLatency(count);
        } else {
            ReadRecorder.expectThroughput(count);
        }
        Duration timeout = Duration.ofSeconds(Long.parseLong(params.get("timeout_s")));
        Thread announcer =
                new Thread(
                        () -> {
                            try {
                                if (ReadRecorder.awaitFirst(timeout)) {
                                    System.out.println("FIRST_RECORD");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "first-record");
        announcer.setDaemon(true);
        announcer.start();
        int status = 0;
        try {
            Contender.valueOf(params.get("contender")).read(params, timeout);
            System.out.println(
                    "RESULT "
                            + ReadRecorder.result().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(" ")));
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("FAILED " + t);
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }
}
