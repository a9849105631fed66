package io.flinkrw.connector.kinesis;

import io.flinkrw.testutils.SqlJarPackagingTestBase;

import java.util.Set;

/** The packaging test of flink-connector-kinesis-rw's SQL jar (classifier {@code sql}). */
class SqlJarPackagingITCase extends SqlJarPackagingTestBase {

    @Override
    protected Set<String> connectorIdentifiers() {
        return Set.of("kinesis", "kinesis-rw");
    }

    @Override
    protected Set<String> requiredLibraries() {
        return Set.of(
                "software.amazon.awssdk:kinesis",
                "software.amazon.awssdk:apache-client",
                "org.apache.avro:avro",
                "com.google.protobuf:protobuf-java",
                "com.squareup.wire:wire-schema-jvm",
                "software.amazon.awssdk:s3",
                "software.amazon.awssdk:sts");
    }
}
