package io.flinkrw.e2e.testutils;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job jar the e2e-tests module builds from its {@code src/main} (package {@code
 * io.flinkrw.e2e.jobs}), for submission through the REST API or {@code flink run}.
 */
public final class E2eJobJar {

    /** System property with the jar's path; the e2e-tests pom sets it. */
    public static final String PROPERTY = "flinkrw.e2e.job-jar";

    private E2eJobJar() {}

    public static Path path() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(
                    "System property " + PROPERTY + " is not set; run the test with mvn verify");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No job jar at " + jar + "; it is built in the package phase (mvn verify)");
        }
        return jar;
    }
}
