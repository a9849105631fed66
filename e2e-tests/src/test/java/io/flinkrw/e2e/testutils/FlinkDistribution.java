package io.flinkrw.e2e.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Flink distribution the e2e-tests build assembles from Maven Central jars into {@code
 * e2e-tests/target/flink-dist}: {@code lib/} (the classpath of the cluster and of every client) and
 * {@code opt/} (what the SQL client adds).
 */
public final class FlinkDistribution {

    /** System property with the distribution's directory; the e2e-tests pom sets it. */
    public static final String DIST_DIR_PROPERTY = "flinkrw.e2e.flink-dist";

    private static final String ASSEMBLE_HINT =
            "mvn verify assembles it before the integration tests; alone: 'mvn -f e2e-tests/pom.xml"
                    + " dependency:copy@flink-dist-lib dependency:copy@flink-dist-opt'; after a change"
                    + " of version: 'mvn clean' first.";

    private final Path home;
    private final String version;

    private FlinkDistribution(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    /** The distribution named by {@value #DIST_DIR_PROPERTY}, else {@code e2e-tests/target}'s. */
    public static FlinkDistribution assembled() {
        String configured = System.getProperty(DIST_DIR_PROPERTY);
        Path home =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : findFromWorkingDirectory();
        return at(home);
    }

    /** The distribution in {@code home}, checked to be complete. */
    public static FlinkDistribution at(Path home) {
        Path lib = home.resolve("lib");
        List<String> runtimes;
        try (Stream<Path> files = Files.exists(lib) ? Files.list(lib) : Stream.empty()) {
            runtimes =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("flink-runtime-\\d.*\\.jar"))
                            .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (runtimes.size() != 1) {
            throw new IllegalStateException(
                    "Expected one flink-runtime jar in "
                            + lib
                            + ", found "
                            + runtimes
                            + ". "
                            + ASSEMBLE_HINT);
        }
        String version = runtimes.get(0).replaceAll("^flink-runtime-(.*)\\.jar$", "$1");
        FlinkDistribution dist = new FlinkDistribution(home.toAbsolutePath(), version);
        dist.checkComplete();
        return dist;
    }

    private static Path findFromWorkingDirectory() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            for (Path candidate :
                    List.of(
                            dir.resolve("target/flink-dist"),
                            dir.resolve("e2e-tests/target/flink-dist"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(
                "No Flink distribution found above "
                        + System.getProperty("user.dir")
                        + ". "
                        + ASSEMBLE_HINT);
    }

    private void checkComplete() {
        for (String module :
                List.of(
                        "flink-runtime",
                        "flink-clients",
                        "flink-table-runtime",
                        "flink-table-planner-loader")) {
            requireJar(lib(), module);
        }
        for (String module : List.of("flink-sql-client", "flink-python")) {
            requireJar(opt(), module);
        }
    }

    private void requireJar(Path dir, String artifactId) {
        Path jar = dir.resolve(artifactId + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "The Flink distribution in " + home + " lacks " + jar + ". " + ASSEMBLE_HINT);
        }
    }

    public Path home() {
        return home;
    }

    /** The Flink version, e.g. {@code 2.3.0}. */
    public String version() {
        return version;
    }

    public Path lib() {
        return home.resolve("lib");
    }

    public Path opt() {
        return home.resolve("opt");
    }

    /** The classpath of the JobManager and the TaskManagers: every jar in lib/, sorted. */
    public String clusterClasspath() {
        return classpath(jars(lib()));
    }

    /** Every jar in opt/ (what the SQL client adds to lib/), sorted. */
    public String optClasspath() {
        return classpath(jars(opt()));
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classpath(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    @Override
    public String toString() {
        return "Flink " + version + " (" + home + ")";
    }
}
