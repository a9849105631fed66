package io.flinkrw.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.util.FlinkUserCodeClassLoaders;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A connector's SQL jar (classifier {@code sql}) opened for its packaging test: its entries,
 * service files and NOTICE, the table factories Flink finds in it, the third-party artifacts the
 * shade plugin put in it, and the classes it uses that neither it nor the rest of the classpath
 * holds.
 *
 * <p>Third-party classes are expected relocated under {@value #SHADED}: the class {@code a/b/C} of
 * a bundled library is {@code io/flinkrw/shaded/a/b/C} in the jar. Artifacts are identified by
 * their place in the local Maven repository, which the module's pom passes in {@value
 * #MAVEN_REPO_PROPERTY}; the jar's path comes in {@value #JAR_PROPERTY}.
 */
public final class SqlJar {

    /** System property with the SQL jar's path (set by the connector's pom). */
    public static final String JAR_PROPERTY = "flinkrw.sql-jar";

    /** System property with the local Maven repository (set by the connector's pom). */
    public static final String MAVEN_REPO_PROPERTY = "flinkrw.maven-repo";

    /** Where third-party packages are relocated to. */
    public static final String SHADED = "io/flinkrw/shaded/";

    private static final Pattern NOTICE_ENTRY =
            Pattern.compile("^- ([\\w.-]+:[\\w.-]+:[\\w.-]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern MISSING_DEPENDENCY =
            Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+not found\\s*$");

    private final Path path;
    private final Set<String> entries;

    private SqlJar(Path path) {
        this.path = path.toAbsolutePath();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            this.entries =
                    zip.stream()
                            .filter(e -> !e.isDirectory())
                            .map(ZipEntry::getName)
                            .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** The jar named by {@value #JAR_PROPERTY}; fails when it has not been built. */
    public static SqlJar fromBuild() {
        Path jar = Path.of(requiredProperty(JAR_PROPERTY));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No SQL jar at " + jar + "; it is built in the package phase (mvn verify)");
        }
        return new SqlJar(jar);
    }

    public Path path() {
        return path;
    }

    /** The names of every file in the jar. */
    public Set<String> entries() {
        return entries;
    }

    /** Entries of the jar outside {@code allowedPrefixes} (a prefix ending in '/' is a folder). */
    public List<String> entriesOutside(Collection<String> allowedPrefixes) {
        return entries.stream()
                .filter(
                        e ->
                                allowedPrefixes.stream()
                                        .noneMatch(
                                                p ->
                                                        p.endsWith("/")
                                                                ? e.startsWith(p)
                                                                : e.equals(p)))
                .collect(Collectors.toList());
    }

    /** The text of an entry. */
    public String read(String entry) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry found = zip.getEntry(entry);
            if (found == null) {
                throw new IllegalArgumentException(path.getFileName() + " has no " + entry);
            }
            try (InputStream in = zip.getInputStream(found)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Service file name (the interface) to the implementations it lists, for every file. */
    public Map<String, List<String>> services() {
        Map<String, List<String>> services = new TreeMap<>();
        String prefix = "META-INF/services/";
        for (String entry : entries) {
            if (entry.startsWith(prefix) && entry.length() > prefix.length()) {
                List<String> implementations =
                        read(entry)
                                .lines()
                                .map(l -> l.replaceAll("#.*", "").trim())
                                .filter(l -> !l.isEmpty())
                                .collect(Collectors.toList());
                services.put(entry.substring(prefix.length()), implementations);
            }
        }
        return services;
    }

    /**
     * The identifiers of the table factories Flink discovers in the jar: a {@code ServiceLoader}
     * over the user-code class loader Flink's default configuration makes (child-first, {@code
     * org.apache.flink.*} parent-first), as on a TaskManager or in the SQL client after {@code
     * --jar}. Flink's own factories are left out; fails when one of the project's comes from
     * anywhere but the jar.
     */
    public Set<String> factoryIdentifiers() {
        try (URLClassLoader loader =
                FlinkUserCodeClassLoaders.create(
                        new URL[] {path.toUri().toURL()},
                        SqlJar.class.getClassLoader(),
                        new Configuration())) {
            Set<String> identifiers = new TreeSet<>();
            for (Factory factory : ServiceLoader.load(Factory.class, loader)) {
                if (!factory.getClass().getName().startsWith("io.flinkrw.")) {
                    continue; // Flink's own, from the parent class loader
                }
                if (!isFromThisJar(factory.getClass())) {
                    throw new IllegalStateException(
                            factory.getClass() + " was not loaded from " + path.getFileName());
                }
                identifiers.add(factory.factoryIdentifier());
            }
            return identifiers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isFromThisJar(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source != null && Path.of(source.getLocation().toURI()).equals(path);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code group:artifact:version} entries the jar's {@code META-INF/NOTICE} lists. */
    public Set<String> noticeArtifacts() {
        Set<String> listed = new TreeSet<>();
        Matcher m = NOTICE_ENTRY.matcher(read("META-INF/NOTICE"));
        while (m.find()) {
            listed.add(m.group(1));
        }
        return listed;
    }

    /**
     * What the shade plugin put in the jar, read from the jar itself: the third-party artifacts on
     * this JVM's classpath (the module's resolved dependencies, from the local Maven repository)
     * whose classes are in the jar, relocated. Maps {@code group:artifact:version} to the
     * artifact's jar. Fails for an artifact only some of whose classes are in the jar.
     */
    public Map<String, Path> bundledArtifacts() {
        Path repository = Path.of(requiredProperty(MAVEN_REPO_PROPERTY)).toAbsolutePath();
        Map<String, Path> bundled = new TreeMap<>();
        for (Path jar : classpathJars()) {
            if (!jar.startsWith(repository)) {
                continue;
            }
            List<String> classes = classesOf(jar);
            long present = classes.stream().filter(c -> entries.contains(SHADED + c)).count();
            if (present == 0) {
                continue;
            }
            String coordinates = coordinates(repository.relativize(jar));
            if (present != classes.size()) {
                throw new IllegalStateException(
                        path.getFileName()
                                + " holds "
                                + present
                                + " of the "
                                + classes.size()
                                + " classes of "
                                + coordinates);
            }
            bundled.put(coordinates, jar);
        }
        return bundled;
    }

    /**
     * The classes the jar's classes use that are neither in the jar nor on this JVM's classpath,
     * bundled artifacts left out (so an unrelocated use of a bundled library shows): {@code jdeps
     * --missing-deps}.
     */
    public List<ClassUse> missingDependencies() {
        Set<Path> bundled = Set.copyOf(bundledArtifacts().values());
        String classpath =
                classpathJars().stream()
                        .filter(jar -> !bundled.contains(jar))
                        .map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator));
        ToolProvider jdeps =
                ToolProvider.findFirst("jdeps")
                        .orElseThrow(() -> new IllegalStateException("No jdeps in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit =
                    jdeps.run(
                            o,
                            e,
                            "--multi-release",
                            String.valueOf(Runtime.version().feature()),
                            "--missing-deps",
                            "--class-path",
                            classpath,
                            path.toString());
        }
        if (exit != 0) {
            throw new IllegalStateException(
                    "jdeps failed ("
                            + exit
                            + "): "
                            + err.toString(StandardCharsets.UTF_8)
                            + out.toString(StandardCharsets.UTF_8));
        }
        List<ClassUse> missing = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Matcher m = MISSING_DEPENDENCY.matcher(line);
            if (m.matches()) {
                missing.add(new ClassUse(m.group(1), m.group(2)));
            }
        }
        return missing;
    }

    private static List<Path> classpathJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .map(entry -> Path.of(entry).toAbsolutePath())
                .filter(Files::isRegularFile)
                .collect(Collectors.toList());
    }

    /** The class files of a jar, Java 9+ variants and module descriptors left out. */
    private static List<String> classesOf(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> classes = new ArrayList<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                String name = all.nextElement().getName();
                if (name.endsWith(".class")
                        && !name.startsWith("META-INF/")
                        && !name.endsWith("module-info.class")) {
                    classes.add(name);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    /**
     * {@code g/r/o/u/p/artifact/version/artifact-version.jar} to {@code group:artifact:version}.
     */
    private static String coordinates(Path inRepository) {
        int n = inRepository.getNameCount();
        String version = inRepository.getName(n - 2).toString();
        String artifact = inRepository.getName(n - 3).toString();
        String group = inRepository.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
        return group + ":" + artifact + ":" + version;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "System property " + name + " is not set; run the test with mvn verify");
        }
        return value;
    }

    @Override
    public String toString() {
        return "SqlJar(" + path.getFileName() + ")";
    }

    /** A class of the jar ({@code user}) that uses another class ({@code used}). */
    public record ClassUse(String user, String used) {
        @Override
        public String toString() {
            return user + " -> " + used;
        }
    }
}
