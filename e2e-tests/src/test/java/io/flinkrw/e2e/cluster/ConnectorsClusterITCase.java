package io.flinkrw.e2e.cluster;

import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.connector.nats.testutils.NatsTestStreams;
import io.flinkrw.e2e.jobs.NatsAndKinesisToFilesJob;
import io.flinkrw.e2e.testutils.CommittedFiles;
import io.flinkrw.e2e.testutils.E2eJobJar;
import io.flinkrw.e2e.testutils.FlinkCluster;
import io.flinkrw.e2e.testutils.SqlJars;
import io.flinkrw.e2e.testutils.SqlScript;
import io.flinkrw.testutils.KinesisEmulator;
import io.flinkrw.testutils.NatsServer;
import io.flinkrw.testutils.SchemaHttpServer;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connectors on a real cluster (a JobManager and two TaskManagers, separate JVMs), deployed the
 * way users deploy them: the Flink SQL client runs scripts with a connector's SQL jar passed by
 * {@code --jar}, reading real servers (nats-server, kinesis-local) in rw-json, rw-avro and
 * rw-protobuf with the schemas served over HTTP; a DataStream job jar with both connectors goes
 * through the REST API. Every row is checked, job states are read through REST.
 */
class ConnectorsClusterITCase {

    private static final int ORDERS = 20;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension static final NatsServer NATS = NatsServer.plain();

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension static final FlinkCluster CLUSTER = FlinkCluster.builder().build();

    @RegisterExtension static final SchemaHttpServer SCHEMAS = SchemaHttpServer.create();

    private static NatsTestStreams nats;
    private static KinesisTestStreams kinesis;

    @BeforeAll
    static void connect() throws Exception {
        SCHEMAS.put(
                "order.avsc",
                Orders.resource(Orders.AVRO_SCHEMA_RESOURCE).getBytes(StandardCharsets.UTF_8));
        SCHEMAS.put(
                Orders.PROTO_RESOURCE,
                Orders.resource(Orders.PROTO_RESOURCE).getBytes(StandardCharsets.UTF_8));
        nats = NatsTestStreams.connect(NATS);
        kinesis = new KinesisTestStreams(KINESIS);
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void natsSqlJarReadsEveryFormat() throws Exception {
        nats.createStream("orders", "orders.>");
        List<String> expected = new ArrayList<>();
        for (String format : Orders.FORMATS) {
            String subject = "orders." + format;
            for (long id = 1; id <= ORDERS; id++) {
                nats.publish(subject, null, Orders.encode(format, id));
                expected.add(Orders.csvLine(format, id, subject));
            }
        }
        Path output = createOutputDir("nats-output-");

        JobID job =
                CLUSTER.sqlClient()
                        .run(
                                SqlScript.fromResource("/sql/nats-formats-to-filesystem.sql")
                                        .with("nats-url", NATS.url())
                                        .with("subject", "orders")
                                        .with("schemas", SCHEMAS.filesUrl())
                                        .with("output", output),
                                SqlJars.nats())
                        .singleJobId();
        CLUSTER.rest().awaitJobStatus(job, JobStatus.FINISHED, JOB_TIMEOUT);

        assertThat(CommittedFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void kinesisSqlJarReadsEveryFormat() {
        List<String> expected = new ArrayList<>();
        for (String format : Orders.FORMATS) {
            String stream = "orders-" + format;
            kinesis.create(stream, 2);
            List<PutRecordsRequestEntry> records = new ArrayList<>();
            for (long id = 1; id <= ORDERS; id++) {
                String key = "key-" + id;
                records.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(key)
                                .data(SdkBytes.fromByteArray(Orders.encode(format, id)))
                                .build());
                expected.add(Orders.csvLine(format, id, key));
            }
            kinesis.putAll(stream, records);
        }
        Path output = createOutputDir("kinesis-output-");

        JobID job =
                CLUSTER.sqlClient()
                        .run(
                                SqlScript.fromResource("/sql/kinesis-formats-to-filesystem.sql")
                                        .with("stream", "orders")
                                        .with("region", KINESIS.region())
                                        .with("endpoint", KINESIS.endpoint())
                                        .with("access-key", KINESIS.accessKeyId())
                                        .with("secret-key", KINESIS.secretAccessKey())
                                        .with("schemas", SCHEMAS.filesUrl())
                                        .with("output", output),
                                SqlJars.kinesis())
                        .singleJobId();
        CLUSTER.rest().awaitJobStatus(job, JobStatus.FINISHED, JOB_TIMEOUT);

        assertThat(CommittedFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void dataStreamJobJarWithBothConnectorsRunsThroughRest() throws Exception {
        int count = 100;
        nats.createStream("events", "events.>");
        nats.publishAll(
                "events.ds",
                LongStream.rangeClosed(1, count)
                        .mapToObj(n -> "n-" + n)
                        .collect(Collectors.toList()));
        kinesis.create("events", 1);
        kinesis.putAll(
                "events",
                LongStream.rangeClosed(1, count)
                        .mapToObj(
                                n ->
                                        PutRecordsRequestEntry.builder()
                                                .partitionKey("k-" + n)
                                                .data(
                                                        SdkBytes.fromString(
                                                                "k-" + n, StandardCharsets.UTF_8))
                                                .build())
                        .collect(Collectors.toList()));
        Path output = createOutputDir("datastream-output-");

        JobID job =
                CLUSTER.rest()
                        .submitJar(
                                E2eJobJar.withConnectors(),
                                NatsAndKinesisToFilesJob.class.getName(),
                                List.of(
                                        "--nats-url", NATS.url(),
                                        "--nats-subject", "events.ds",
                                        "--kinesis-stream", "events",
                                        "--kinesis-region", KINESIS.region(),
                                        "--kinesis-endpoint", KINESIS.endpoint().toString(),
                                        "--kinesis-access-key", KINESIS.accessKeyId(),
                                        "--kinesis-secret-key", KINESIS.secretAccessKey(),
                                        "--output", output.toString()),
                                2);
        CLUSTER.rest().awaitJobStatus(job, JobStatus.FINISHED, JOB_TIMEOUT);

        List<String> expected = new ArrayList<>();
        for (long n = 1; n <= count; n++) {
            expected.add("nats,n-" + n);
            expected.add("kinesis,k-" + n);
        }
        assertThat(CommittedFiles.lines(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Path createOutputDir(String prefix) {
        try {
            return Files.createTempDirectory(CLUSTER.workDir(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
