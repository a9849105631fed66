package io.flinkrw.connector.nats;

import io.flinkrw.testutils.SqlJarPackagingTestBase;

import java.util.Set;

/** The packaging test of flink-connector-nats-rw's SQL jar (classifier {@code sql}). */
class SqlJarPackagingITCase extends SqlJarPackagingTestBase {

    @Override
    protected Set<String> connectorIdentifiers() {
        return Set.of("nats", "nats-rw");
    }

    @Override
    protected Set<String> requiredLibraries() {
        return Set.of(
                "io.nats:jnats",
                "org.bouncycastle:bcprov-lts8on",
                "org.apache.avro:avro",
                "com.google.protobuf:protobuf-java",
                "com.squareup.wire:wire-schema-jvm",
                "software.amazon.awssdk:s3",
                "software.amazon.awssdk:sts");
    }
}
