package io.flinkrw.e2e.jobs;

import io.flinkrw.connector.kinesis.source.KinesisSource;
import io.flinkrw.connector.nats.source.NatsJetStreamSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * A DataStream job over both sources, as a user would package it (the connectors' jars and their
 * client libraries in the job jar, Flink provided): reads a NATS JetStream subject and a Kinesis
 * stream up to the messages they hold at the start ({@code scan.bounded.mode = latest}) and writes
 * {@code nats,<payload>} and {@code kinesis,<payload>} lines to files under {@code --output},
 * committed on checkpoints. Arguments: {@code --nats-url --nats-subject --kinesis-stream
 * --kinesis-region --kinesis-endpoint --kinesis-access-key --kinesis-secret-key --output}.
 */
public final class NatsAndKinesisToFilesJob {

    private NatsAndKinesisToFilesJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1_000);

        NatsJetStreamSource<String> nats =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl(params.getRequired("nats-url"))
                        .setSubjects(params.getRequired("nats-subject"))
                        .setBounded()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        KinesisSource<String> kinesis =
                KinesisSource.<String>builder()
                        .setStream(params.getRequired("kinesis-stream"))
                        .setRegion(params.getRequired("kinesis-region"))
                        .setEndpoint(params.getRequired("kinesis-endpoint"))
                        .setCredentials(
                                params.getRequired("kinesis-access-key"),
                                params.getRequired("kinesis-secret-key"))
                        .setStartFromEarliest()
                        .setBoundedToLatest()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();

        DataStream<String> fromNats =
                env.fromSource(nats, WatermarkStrategy.noWatermarks(), "nats")
                        .map(payload -> "nats," + payload)
                        .returns(Types.STRING);
        DataStream<String> fromKinesis =
                env.fromSource(kinesis, WatermarkStrategy.noWatermarks(), "kinesis")
                        .map(payload -> "kinesis," + payload)
                        .returns(Types.STRING);
        fromNats.union(fromKinesis)
                .sinkTo(
                        FileSink.forRowFormat(
                                        new Path(params.getRequired("output")),
                                        new SimpleStringEncoder<String>())
                                .build())
                .name("files");
        env.execute("nats-and-kinesis-to-files");
    }
}
