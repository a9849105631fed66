package io.flinkrw.testutils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaging test of a connector's SQL jar, run after {@code package}: the table factories (the
 * connector's and the three formats') are registered and load from the jar; every class is the
 * project's or relocated under {@code io/flinkrw/shaded}; the service files name relocated classes
 * that exist; the NOTICE lists exactly the third-party artifacts in the jar; and every class the
 * jar uses is in the jar or Flink, but for the optional features below.
 */
public abstract class SqlJarPackagingTestBase {

    /** The formats every SQL jar carries. */
    private static final Set<String> FORMATS = Set.of("rw-json", "rw-avro", "rw-protobuf");

    /**
     * Files allowed outside {@code io/flinkrw/}. No class is: every class is the project's or
     * relocated. The resources are read by path, not by package: protobuf-java's well-known {@code
     * .proto} files (which rw-protobuf imports from the classpath), wire-schema's own extension
     * file, and HttpClient's public suffix list.
     */
    private static final List<String> ALLOWED_OUTSIDE_OUR_PACKAGES =
            List.of(
                    "io/flinkrw/",
                    "META-INF/MANIFEST.MF",
                    "META-INF/NOTICE",
                    "META-INF/services/",
                    "META-INF/maven/",
                    "google/protobuf/",
                    "wire/extensions.proto",
                    "mozilla/public-suffix-list.txt");

    /**
     * Packages the bundled libraries refer to for optional features this project does not use and
     * does not bundle: wire-schema's code generators (JavaPoet, KotlinPoet, Guava, Android), the
     * AWS SDK's CRT runtime, Avro's zstd codec, commons-logging's other back ends, and Netty's
     * optional codecs, TLS engines, native transports and tooling (the fan-out client uses plain
     * HTTP/2 over NIO with the JDK's TLS).
     */
    private static final List<String> OPTIONAL_MISSING_PACKAGES =
            List.of(
                    "android.",
                    "com.palantir.javapoet.",
                    "io.flinkrw.shaded.com.squareup.kotlinpoet.",
                    "com.google.common.",
                    "io.flinkrw.shaded.software.amazon.awssdk.crt.",
                    "com.github.luben.zstd.",
                    "org.apache.log.",
                    "org.apache.log4j.",
                    "org.apache.avalon.",
                    "javax.servlet.",
                    "com.aayushatharva.brotli4j.",
                    "com.jcraft.jzlib.",
                    "com.ning.compress.",
                    "lzma.sdk.",
                    "com.oracle.svm.",
                    "org.bouncycastle.cert.",
                    "org.bouncycastle.openssl.",
                    "org.bouncycastle.operator.",
                    "org.bouncycastle.pkcs.",
                    "org.conscrypt.",
                    "org.eclipse.jetty.",
                    "org.jboss.marshalling.",
                    "reactor.blockhound.",
                    "io.flinkrw.shaded.io.netty.internal.tcnative.",
                    "io.flinkrw.shaded.com.google.protobuf.nano.",
                    "io.flinkrw.shaded.org.jetbrains.annotations.Async");

    private static SqlJar jar;

    @BeforeAll
    static void openJar() {
        jar = SqlJar.fromBuild();
    }

    /** The connector's own SQL identifiers, e.g. {@code nats} and {@code nats-rw}. */
    protected abstract Set<String> connectorIdentifiers();

    /**
     * {@code group:artifact} of libraries the jar must bundle (a sample that keeps the NOTICE check
     * from passing on an empty jar).
     */
    protected abstract Set<String> requiredLibraries();

    @Test
    void everyFactoryIsRegisteredAndLoadsFromTheJar() {
        assertThat(jar.services())
                .containsKey("org.apache.flink.table.factories.Factory")
                .extractingByKey("org.apache.flink.table.factories.Factory")
                .satisfies(
                        factories ->
                                assertThat(factories)
                                        .hasSize(connectorIdentifiers().size() + FORMATS.size()));
        assertThat(jar.factoryIdentifiers())
                .containsExactlyInAnyOrderElementsOf(union(connectorIdentifiers(), FORMATS));
    }

    @Test
    void everyClassIsTheProjectsOrRelocated() {
        assertThat(jar.entriesOutside(ALLOWED_OUTSIDE_OUR_PACKAGES))
                .as("files outside io/flinkrw/ and the allow list")
                .isEmpty();
        assertThat(jar.entries())
                .as("Flink is provided by the cluster, never bundled")
                .noneMatch(e -> e.startsWith("org/apache/flink/"))
                .noneMatch(e -> e.startsWith(SqlJar.SHADED + "org/apache/flink/"))
                .anyMatch(e -> e.startsWith(SqlJar.SHADED));
    }

    @Test
    void serviceFilesNameRelocatedClassesThatExist() {
        for (Map.Entry<String, List<String>> service : jar.services().entrySet()) {
            assertThat(service.getKey())
                    .as("service interface")
                    .matches(s -> s.startsWith("io.flinkrw.") || s.startsWith("org.apache.flink."));
            assertThat(service.getValue()).as(service.getKey()).isNotEmpty();
            for (String implementation : service.getValue()) {
                assertThat(implementation).as(service.getKey()).startsWith("io.flinkrw.");
                assertThat(jar.entries())
                        .as("%s lists %s", service.getKey(), implementation)
                        .contains(implementation.replace('.', '/') + ".class");
            }
        }
    }

    @Test
    void noticeListsExactlyTheBundledArtifacts() {
        Set<String> bundled = jar.bundledArtifacts().keySet();
        assertThat(bundled.stream().map(SqlJarPackagingTestBase::groupAndArtifact))
                .containsAll(requiredLibraries())
                .noneMatch(ga -> ga.startsWith("org.apache.flink:"));
        assertThat(jar.noticeArtifacts())
                .as("the artifacts META-INF/NOTICE lists (src/main/sql-jar/NOTICE)")
                .containsExactlyInAnyOrderElementsOf(bundled);
    }

    @Test
    void everyClassTheJarUsesIsInTheJarOrInFlink() {
        assertThat(jar.missingDependencies())
                .as("uses of classes neither in the jar nor in Flink")
                .filteredOn(
                        use -> OPTIONAL_MISSING_PACKAGES.stream().noneMatch(use.used()::startsWith))
                .isEmpty();
    }

    private static String groupAndArtifact(String coordinates) {
        return coordinates.substring(0, coordinates.lastIndexOf(':'));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
