package io.flinkrw.testutils;

import org.apache.flink.core.testutils.CommonTestUtils;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A server a launcher started never outlives the JVM that started it. */
class ManagedProcessITCase {

    @ParameterizedTest(name = "{0} after the JVM {1}")
    @CsvSource({
        "nats-server, is killed with SIGKILL",
        "nats-server, exits without stopping it",
        "kinesis-local, is killed with SIGKILL"
    })
    void serverDiesWithItsJvm(String server, String howTheJvmEnds) throws Exception {
        boolean exits = howTheJvmEnds.startsWith("exits");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanProbe.class.getName(),
                        server,
                        exits ? "exit" : "wait");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process jvm = builder.start();
        long serverPid;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            serverPid = Long.parseLong(lastLine(out));
        }
        ProcessHandle serverProcess = ProcessHandle.of(serverPid).orElseThrow();
        assertThat(serverProcess.isAlive()).isTrue();

        if (exits) {
            // The probe exits once told to, so the server is still running when it is looked up.
            jvm.getOutputStream().close();
        } else {
            jvm.destroyForcibly();
        }
        jvm.waitFor();

        CommonTestUtils.waitUtil(
                () -> !serverProcess.isAlive() || isZombie(serverPid),
                Duration.ofSeconds(15),
                Duration.ofMillis(50),
                server + " (pid " + serverPid + ") outlived its JVM");
    }

    /** The probe logs nothing to stdout but the PID, which ends the first line. */
    private static String lastLine(BufferedReader out) throws Exception {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the probe JVM printed no PID");
        }
        List<String> words = List.of(line.trim().split("\\s+"));
        return words.get(words.size() - 1);
    }

    /** An exited process whose parent has not reaped it yet is as good as gone. */
    private static boolean isZombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
