package io.flinkrw.testutils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds the programs the launchers run: the Debian {@code nats-server} binary and the npm emulators
 * pinned in {@code tools/emulators} (installed by {@code scripts/test}).
 */
public final class TestBinaries {

    /** System property, then environment variable, overriding the nats-server binary. */
    public static final String NATS_SERVER_PATH = "nats_server_path";

    /** System property, then environment variable, overriding the emulators' node_modules. */
    public static final String EMULATORS_DIR = "flinkrw.emulators.dir";

    private TestBinaries() {}

    /** The nats-server executable: {@code nats_server_path}, else PATH, else /usr/sbin. */
    public static String natsServer() {
        String configured = setting(NATS_SERVER_PATH);
        if (configured != null) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
                return Path.of(dir, "nats-server").toString();
            }
        }
        Path debian = Path.of("/usr/sbin/nats-server");
        if (Files.isExecutable(debian)) {
            return debian.toString();
        }
        throw new IllegalStateException(
                "nats-server not found on PATH, in /usr/sbin or in the '"
                        + NATS_SERVER_PATH
                        + "' variable. Install it with 'apt-get install -y nats-server' (scripts/test"
                        + " does this).");
    }

    /** The {@code node_modules} directory of {@code tools/emulators}. */
    public static Path emulatorModules() {
        String configured = setting(EMULATORS_DIR);
        if (configured != null) {
            return Path.of(configured);
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/emulators/package.json");
            if (Files.isRegularFile(candidate)) {
                return candidate.getParent().resolve("node_modules");
            }
        }
        throw new IllegalStateException(
                "tools/emulators not found above " + System.getProperty("user.dir"));
    }

    /** The entry script of an installed emulator package, with a clear error when missing. */
    public static Path emulatorScript(String packageName, String script) {
        Path file = emulatorModules().resolve(packageName).resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    packageName
                            + " is not installed ("
                            + file
                            + " is missing). Run 'npm ci --prefix tools/emulators' (scripts/test"
                            + " does this).");
        }
        return file;
    }

    /** The node executable. */
    public static String node() {
        String configured = setting("flinkrw.node");
        return configured != null ? configured : "node";
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        if (value == null || value.isBlank()) {
            value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
