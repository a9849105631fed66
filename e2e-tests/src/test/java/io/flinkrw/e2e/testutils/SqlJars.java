package io.flinkrw.e2e.testutils;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connectors' SQL jars (classifier {@code sql}) as users deploy them, copied by the e2e-tests
 * build into {@code target/sql-jars}, off the test classpath.
 */
public final class SqlJars {

    /** System property with the directory holding the jars; the e2e-tests pom sets it. */
    public static final String PROPERTY = "flinkrw.e2e.sql-jars";

    private SqlJars() {}

    /** The NATS connector's SQL jar ({@code flink-connector-nats-rw-<version>-sql.jar}). */
    public static Path nats() {
        return jar("flink-connector-nats-rw-sql.jar");
    }

    /** The Kinesis connector's SQL jar ({@code flink-connector-kinesis-rw-<version>-sql.jar}). */
    public static Path kinesis() {
        return jar("flink-connector-kinesis-rw-sql.jar");
    }

    private static Path jar(String name) {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(
                    "System property " + PROPERTY + " is not set; run the test with mvn verify");
        }
        Path jar = Path.of(configured).resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No SQL jar at "
                            + jar
                            + "; the build copies it in pre-integration-test (mvn verify)");
        }
        return jar;
    }
}
