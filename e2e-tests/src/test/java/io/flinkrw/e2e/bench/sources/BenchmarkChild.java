package io.flinkrw.e2e.bench.sources;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import javax.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JVM of one contender in one run, started by {@link SourceBenchmarks}. With {@code
 * warmup_stream}, {@code warmup_subject} and {@code warmup_count} it first reads that stream
 * completely, unmeasured, so that the measured pass runs on warm code. It prints {@code
 * FIRST_RECORD} when the measured pass reads its first record and one {@code RESULT key=value ...}
 * line at the end, and exits (the exit also ends whatever a contender leaves running, such as the
 * leaked connection of the Synadia connector). With {@code jfr}, a JFR recording of the measured
 * pass goes to that file.
 *
 * <p>Arguments: {@code key=value} pairs; {@code contender} is a {@link Contender} name, {@code
 * mode} is {@code throughput} or {@code latency}, {@code count} the number of distinct records
 * (throughput) or of measured records (latency) to read, {@code timeout_s} the limit of each pass.
 */
public final class BenchmarkChild {

    private BenchmarkChild() {}

    public static void main(String[] args) {
        Map<String, String> params = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            params.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int status = 0;
        try {
            System.out.println("RESULT " + format(run(params)));
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("FAILED " + t);
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private static Map<String, String> run(Map<String, String> params) throws Exception {
        Contender contender = Contender.valueOf(params.get("contender"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(params.get("timeout_s")));
        if (params.containsKey("warmup_stream")) {
            Map<String, String> warmUp = new HashMap<>(params);
            warmUp.put("stream", params.get("warmup_stream"));
            warmUp.put("subject", params.get("warmup_subject"));
            ReadRecorder warmUpPass =
                    ReadRecorder.startThroughput(Integer.parseInt(params.get("warmup_count")));
            contender.read(warmUp, timeout);
            warmUpPass.result();
        }
        int count = Integer.parseInt(params.get("count"));
        ReadRecorder recorder =
                "latency".equals(params.get("mode"))
                        ? ReadRecorder.startLatency(count)
                        : ReadRecorder.startThroughput(count);
        Thread announcer =
                new Thread(
                        () -> {
                            try {
                                if (recorder.awaitFirst(timeout)) {
                                    System.out.println("FIRST_RECORD");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "first-record");
        announcer.setDaemon(true);
        announcer.start();
        try (Recording recording = startRecording(params.get("jfr"))) {
            contender.read(params, timeout);
            if (recording != null) {
                recording.stop();
            }
        }
        Map<String, String> result = recorder.result();
        for (String line : recorder.busiestThreads()) {
            System.out.println("THREAD_CPU " + line);
        }
        return result;
    }

    /** A JFR recording (JDK's "profile" settings) of the measured pass into {@code file}. */
    @Nullable
    private static Recording startRecording(@Nullable String file) throws Exception {
        if (file == null) {
            return null;
        }
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setDestination(Path.of(file));
        recording.setName("measured pass");
        recording.start();
        return recording;
    }

    private static String format(Map<String, String> result) {
        return result.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
