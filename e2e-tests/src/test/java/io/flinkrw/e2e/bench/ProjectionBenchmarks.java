package io.flinkrw.e2e.bench;

import io.flinkrw.formats.RwRowDeserializationSchema;
import io.flinkrw.formats.avro.RwAvroFormatFactory;
import io.flinkrw.formats.protobuf.RwProtobufFormatFactory;
import io.flinkrw.formats.testutils.WideRecords;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import com.google.protobuf.CodedOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What projection push-down saves in rw-avro and rw-protobuf: a 20-field record (5 BIGINT, 5
 * STRING, 5 DOUBLE, 5 INT columns; about 200 B) decoded with 2 columns selected, against all 20.
 * The decoders are the ones the planner gets from the formats ({@code ProjectableDecodingFormat}),
 * and each benchmark reads every column it produced. {@link #main} runs the suite several times and
 * prints, per format, the median of the per-round ratios (2 columns / 20 columns).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProjectionBenchmarks {

    static final int RECORDS = 10_000;
    static final int FIELDS = WideRecords.FIELDS;

    /** The two columns of the narrow query: a BIGINT and a STRING from the end of the record. */
    static final int[][] TWO_COLUMNS = {{16}, {13}};

    private byte[][] avro;
    private byte[][] protobuf;
    private DeserializationSchema<RowData> avroAll;
    private DeserializationSchema<RowData> avroTwo;
    private DeserializationSchema<RowData> protobufAll;
    private DeserializationSchema<RowData> protobufTwo;

    static String proto() {
        String[] types = {"int64", "string", "double", "int32"};
        StringBuilder proto = new StringBuilder("syntax = \"proto3\";\npackage bench;\n");
        proto.append("message Wide {\n");
        for (int i = 0; i < FIELDS; i++) {
            proto.append(String.format("  %s f%d = %d;%n", types[i % 4], i + 1, i + 1));
        }
        return proto.append("}\n").toString();
    }

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("projection-bench");
        Path avscFile = dir.resolve("wide.avsc");
        Files.writeString(avscFile, WideRecords.avsc());
        Path protoFile = dir.resolve("wide.proto");
        Files.writeString(protoFile, proto());
        generate(new Schema.Parser().parse(WideRecords.avsc()));

        Map<String, String> avroOptions = Map.of("schema.location", avscFile.toUri().toString());
        Map<String, String> protoOptions =
                Map.of("schema.location", protoFile.toUri().toString(), "message", "bench.Wide");
        int[][] all = new int[FIELDS][];
        for (int i = 0; i < FIELDS; i++) {
            all[i] = new int[] {i};
        }
        avroAll = decoder(new RwAvroFormatFactory(), avroOptions, all);
        avroTwo = decoder(new RwAvroFormatFactory(), avroOptions, TWO_COLUMNS);
        protobufAll = decoder(new RwProtobufFormatFactory(), protoOptions, all);
        protobufTwo = decoder(new RwProtobufFormatFactory(), protoOptions, TWO_COLUMNS);
        check();
    }

    private void generate(Schema schema) throws IOException {
        Random random = new Random(42);
        avro = new byte[RECORDS][];
        protobuf = new byte[RECORDS][];
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        for (int r = 0; r < RECORDS; r++) {
            GenericRecord record = new GenericData.Record(schema);
            ByteArrayOutputStream protoBytes = new ByteArrayOutputStream();
            CodedOutputStream proto = CodedOutputStream.newInstance(protoBytes);
            for (int i = 0; i < FIELDS; i++) {
                String name = "f" + (i + 1);
                switch (i % 4) {
                    case 0:
                        long id = random.nextLong() >>> 12;
                        record.put(name, id);
                        proto.writeInt64(i + 1, id);
                        break;
                    case 1:
                        String text = "value-" + Long.toString(random.nextLong() >>> 24, 36);
                        record.put(name, text);
                        proto.writeString(i + 1, text);
                        break;
                    case 2:
                        double number = Math.round(random.nextDouble() * 1_000_000) / 100.0;
                        record.put(name, number);
                        proto.writeDouble(i + 1, number);
                        break;
                    default:
                        int small = 1 + random.nextInt(100_000);
                        record.put(name, small);
                        proto.writeInt32(i + 1, small);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            avro[r] = out.toByteArray();
            proto.flush();
            protobuf[r] = protoBytes.toByteArray();
        }
    }

    @SuppressWarnings("unchecked")
    private static DeserializationSchema<RowData> decoder(
            DeserializationFormatFactory factory, Map<String, String> options, int[][] columns)
            throws Exception {
        // The rw formats take nothing from the factory context.
        DecodingFormat<DeserializationSchema<RowData>> format =
                factory.createDecodingFormat(null, Configuration.fromMap(options));
        DeserializationSchema<RowData> decoder =
                ((ProjectableDecodingFormat<DeserializationSchema<RowData>>) format)
                        .createRuntimeDecoder(
                                ScanRuntimeProviderContext.INSTANCE,
                                WideRecords.rowType(),
                                columns);
        decoder.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return SimpleUserCodeClassLoader.create(
                                ProjectionBenchmarks.class.getClassLoader());
                    }
                });
        return decoder;
    }

    /** Both formats decode the same values; the narrow decoders read 2 fields and skip 18. */
    private void check() throws IOException {
        for (int r = 0; r < 100; r++) {
            RowData avroRow = avroAll.deserialize(avro[r]);
            RowData protoRow = protobufAll.deserialize(protobuf[r]);
            RowData avroTwoRow = avroTwo.deserialize(avro[r]);
            RowData protoTwoRow = protobufTwo.deserialize(protobuf[r]);
            for (RowData row : List.of(protoRow, avroTwoRow, protoTwoRow)) {
                boolean narrow = row.getArity() == 2;
                long id = row.getLong(0);
                String text = row.getString(1).toString();
                if (id != avroRow.getLong(narrow ? 16 : 0)
                        || !text.equals(avroRow.getString(narrow ? 13 : 1).toString())
                        || (!narrow && !row.equals(avroRow))) {
                    throw new IllegalStateException("Decoders disagree on record " + r);
                }
            }
        }
        for (DeserializationSchema<RowData> narrow : List.of(avroTwo, protobufTwo)) {
            RwRowDeserializationSchema counted = (RwRowDeserializationSchema) narrow;
            if (counted.fieldCounts().read() != 2 * 100
                    || counted.fieldCounts().skipped() != 1800) {
                throw new IllegalStateException("Unexpected field counts " + counted.fieldCounts());
            }
        }
    }

    /** Reads every produced column, as a downstream operator would. */
    private static final class Consumer implements Collector<RowData> {
        private final Blackhole blackhole;

        Consumer(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void collect(RowData row) {
            int arity = row.getArity();
            if (arity == 2) {
                blackhole.consume(row.getLong(0));
                blackhole.consume(row.getString(1).toBytes());
                return;
            }
            for (int i = 0; i < arity; i++) {
                switch (i % 4) {
                    case 0:
                        blackhole.consume(row.getLong(i));
                        break;
                    case 1:
                        blackhole.consume(row.getString(i).toBytes());
                        break;
                    case 2:
                        blackhole.consume(row.getDouble(i));
                        break;
                    default:
                        blackhole.consume(row.getInt(i));
                }
            }
        }

        @Override
        public void close() {}
    }

    private static void decodeAll(
            DeserializationSchema<RowData> schema, byte[][] payloads, Blackhole blackhole)
            throws IOException {
        Consumer consumer = new Consumer(blackhole);
        for (byte[] payload : payloads) {
            schema.deserialize(payload, consumer);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void avroAll(Blackhole blackhole) throws IOException {
        decodeAll(avroAll, avro, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void avroTwo(Blackhole blackhole) throws IOException {
        decodeAll(avroTwo, avro, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void protobufAll(Blackhole blackhole) throws IOException {
        decodeAll(protobufAll, protobuf, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void protobufTwo(Blackhole blackhole) throws IOException {
        decodeAll(protobufTwo, protobuf, blackhole);
    }

    // ------------------------------------------------------------------------------------ main

    private static final String[][] PAIRS = {
        {"avro", "avroTwo", "avroAll"}, {"protobuf", "protobufTwo", "protobufAll"}
    };

    /** Runs the suite {@code args[0]} times (default 5) and prints medians and ratios. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        JmhRounds results = JmhRounds.run(ProjectionBenchmarks.class, rounds, PAIRS);
        ProjectionBenchmarks sizes = new ProjectionBenchmarks();
        sizes.generate(new Schema.Parser().parse(WideRecords.avsc()));
        StringBuilder report = new StringBuilder();
        report.append(
                String.format(
                        Locale.ROOT,
                        "%nProjection benchmarks: %d rounds x 5 iterations of 1 s, %d records of"
                                + " %d fields per invocation (avro %.1f B, protobuf %.1f B);"
                                + " load average before: %s, after: %s%n%n",
                        rounds,
                        RECORDS,
                        FIELDS,
                        BenchmarkRecords.averageSize(sizes.avro),
                        BenchmarkRecords.averageSize(sizes.protobuf),
                        results.loadBefore,
                        results.loadAfter));
        report.append(results.scoreTable(12));
        report.append(
                String.format(
                        "%n| format   | 2 of 20 columns / all 20 (median of rounds) | per round |%n"));
        for (String[] pair : PAIRS) {
            report.append(
                    String.format(
                            Locale.ROOT,
                            "| %-8s | %43.2fx | %s |%n",
                            pair[0],
                            JmhRounds.median(results.ratios.get(pair[0])),
                            results.perRound(pair[0])));
        }
        System.out.println(report);
    }
}
