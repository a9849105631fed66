package io.flinkrw.e2e.bench.sources;

import io.flinkrw.testutils.TestBinaries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks ran on: CPU, cores, memory, JVM, servers, and the load average. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.*)"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(.*)"));
        machine.put(
                "os",
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"));
        machine.put(
                "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("load_average_before", loadAverage());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String natsServerVersion() {
        try {
            Process process =
                    new ProcessBuilder(TestBinaries.natsServer(), "--version")
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out.trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String kinesaliteVersion() {
        String version =
                firstMatch(
                        TestBinaries.emulatorModules().resolve("kinesalite/package.json"),
                        "\"version\"\\s*:\\s*\"([^\"]+)\"");
        return "kinesalite " + version;
    }

    private static String firstMatch(Path file, String regex) {
        try {
            Matcher matcher = Pattern.compile(regex).matcher(Files.readString(file));
            return matcher.find() ? matcher.group(1).trim() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
