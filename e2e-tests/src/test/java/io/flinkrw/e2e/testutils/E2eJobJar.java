package io.flinkrw.e2e.testutils;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job jars the e2e-tests module builds from its {@code src/main} (package {@code
 * io.flinkrw.e2e.jobs}), for submission through the REST API or {@code flink run}: the module's own
 * jar, and the same classes with the connectors and their client libraries, as a user packages a
 * DataStream job.
 */
public final class E2eJobJar {

    /** System property with the jar's path; the e2e-tests pom sets it. */
    public static final String PROPERTY = "flinkrw.e2e.job-jar";

    /** System property with the path of the jar with the connectors; the e2e-tests pom sets it. */
    public static final String WITH_CONNECTORS_PROPERTY = "flinkrw.e2e.connectors-job-jar";

    private E2eJobJar() {}

    /** The module's jar: its job classes only. */
    public static Path path() {
        return jar(PROPERTY);
    }

    /**
     * {@code e2e-tests-<version>-job.jar}: the job classes with the connectors' jars and their
     * client libraries, Flink left out.
     */
    public static Path withConnectors() {
        return jar(WITH_CONNECTORS_PROPERTY);
    }

    private static Path jar(String property) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(
                    "System property " + property + " is not set; run the test with mvn verify");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No job jar at " + jar + "; it is built in the package phase (mvn verify)");
        }
        return jar;
    }
}
