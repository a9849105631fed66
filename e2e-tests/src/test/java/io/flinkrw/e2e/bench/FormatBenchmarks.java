package io.flinkrw.e2e.bench;

import io.flinkrw.e2e.bench.gen.Event;
import io.flinkrw.formats.avro.RwAvroDeserializationSchema;
import io.flinkrw.formats.json.RwJsonDeserializationSchema;
import io.flinkrw.formats.protobuf.RwProtobufDeserializationSchema;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.formats.avro.AvroRowDataDeserializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.formats.protobuf.PbFormatConfig;
import org.apache.flink.formats.protobuf.deserialize.PbRowDataDeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decoding speed of rw-protobuf, rw-avro and rw-json against Flink's own protobuf (with a
 * protoc-generated class), avro and json formats, on the same records in the same run. Each
 * benchmark decodes {@value #RECORDS} records and reads every field of each row (strings as UTF-8
 * bytes, as Flink's serializers would), so lazily built values pay their cost.
 *
 * <p>{@link #main} runs the suite several times (one fork per benchmark each time, so machine noise
 * spreads over all of them) and prints, per decoder, the median records/s over every measured
 * iteration and, per format, the median of the per-round ratios rw / Flink. The methods are named
 * so that JMH runs the two decoders of a format one after the other ({@code avroFlink}, {@code
 * avroRw}, ...): on a shared machine, the load then changes little between the two halves of a
 * ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FormatBenchmarks {

    static final int RECORDS = 10_000;

    private BenchmarkRecords records;
    private DeserializationSchema<RowData> rwProtobuf;
    private DeserializationSchema<RowData> flinkProtobuf;
    private DeserializationSchema<RowData> rwAvro;
    private DeserializationSchema<RowData> flinkAvro;
    private DeserializationSchema<RowData> rwJson;
    private DeserializationSchema<RowData> flinkJson;

    @Setup
    public void setUp() throws Exception {
        records = BenchmarkRecords.generate(RECORDS, 42L);
        Path dir = Files.createTempDirectory("format-bench");
        Path descriptorSet = dir.resolve("event.pb");
        Files.write(descriptorSet, descriptorSet(Event.getDescriptor().getFile()).toByteArray());
        Path avsc = dir.resolve("event.avsc");
        Files.writeString(avsc, BenchmarkRecords.AVRO_SCHEMA.toString(), StandardCharsets.UTF_8);

        rwProtobuf =
                open(
                        RwProtobufDeserializationSchema.builder()
                                .setSchemaLocation(descriptorSet.toUri().toString())
                                .setMessage("bench.Event")
                                .setRowType(BenchmarkRecords.ROW_TYPE)
                                .build());
        flinkProtobuf =
                open(
                        new PbRowDataDeserializationSchema(
                                BenchmarkRecords.ROW_TYPE,
                                InternalTypeInfo.of(BenchmarkRecords.ROW_TYPE),
                                new PbFormatConfig(Event.class.getName(), false, false, "")));
        rwAvro =
                open(
                        RwAvroDeserializationSchema.builder()
                                .setSchemaLocation(avsc.toUri().toString())
                                .setRowType(BenchmarkRecords.ROW_TYPE)
                                .build());
        flinkAvro =
                open(
                        new AvroRowDataDeserializationSchema(
                                BenchmarkRecords.ROW_TYPE,
                                InternalTypeInfo.of(BenchmarkRecords.ROW_TYPE)));
        rwJson =
                open(
                        RwJsonDeserializationSchema.builder()
                                .setRowType(BenchmarkRecords.ROW_TYPE)
                                .build());
        flinkJson =
                open(
                        new JsonParserRowDataDeserializationSchema(
                                BenchmarkRecords.ROW_TYPE,
                                InternalTypeInfo.of(BenchmarkRecords.ROW_TYPE),
                                false,
                                false,
                                TimestampFormat.ISO_8601));
        checkSameRows();
    }

    /** Every decoder must produce the same rows, or the comparison means nothing. */
    private void checkSameRows() throws IOException {
        for (int i = 0; i < 100; i++) {
            String protobuf = decodeOne(rwProtobuf, records.protobuf[i]);
            String avro = decodeOne(rwAvro, records.avro[i]);
            String json = decodeOne(rwJson, records.json[i]);
            check(protobuf, decodeOne(flinkProtobuf, records.protobuf[i]), "protobuf");
            check(avro, decodeOne(flinkAvro, records.avro[i]), "avro");
            check(json, decodeOne(flinkJson, records.json[i]), "json");
            check(protobuf, avro, "protobuf vs avro");
            check(protobuf, json, "protobuf vs json");
        }
    }

    private static void check(String ours, String theirs, String what) {
        if (!ours.equals(theirs)) {
            throw new IllegalStateException(
                    "Decoders disagree (" + what + "):\n  " + ours + "\n  " + theirs);
        }
    }

    private static String decodeOne(DeserializationSchema<RowData> schema, byte[] payload)
            throws IOException {
        List<RowData> rows = new ArrayList<>();
        schema.deserialize(
                payload,
                new Collector<>() {
                    @Override
                    public void collect(RowData record) {
                        rows.add(record);
                    }

                    @Override
                    public void close() {}
                });
        StringBuilder text = new StringBuilder();
        for (RowData row : rows) {
            text.append(row.getLong(0))
                    .append(',')
                    .append(row.getString(1))
                    .append(',')
                    .append(row.getInt(2))
                    .append(',')
                    .append(row.getDouble(3))
                    .append(',')
                    .append(row.getBoolean(4))
                    .append(',')
                    .append(row.getRow(5, 2).getLong(0))
                    .append('.')
                    .append(row.getRow(5, 2).getInt(1))
                    .append(',')
                    .append(row.getRow(6, 2).getString(0))
                    .append('/')
                    .append(row.getRow(6, 2).getInt(1))
                    .append(',')
                    .append(row.getString(7))
                    .append(",[");
            ArrayData tags = row.getArray(8);
            for (int i = 0; i < tags.size(); i++) {
                text.append(tags.getString(i)).append(' ');
            }
            text.append("]\n");
        }
        return text.toString();
    }

    private static FileDescriptorSet descriptorSet(FileDescriptor file) {
        Set<FileDescriptor> ordered = new LinkedHashSet<>();
        addWithDependencies(file, ordered);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        ordered.forEach(f -> set.addFile(f.toProto()));
        return set.build();
    }

    private static void addWithDependencies(FileDescriptor file, Set<FileDescriptor> into) {
        for (FileDescriptor dependency : file.getDependencies()) {
            addWithDependencies(dependency, into);
        }
        into.add(file);
    }

    private static DeserializationSchema<RowData> open(DeserializationSchema<RowData> schema)
            throws Exception {
        schema.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return SimpleUserCodeClassLoader.create(
                                FormatBenchmarks.class.getClassLoader());
                    }
                });
        return schema;
    }

    /** Reads every field, strings and the nested ones included, as downstream operators would. */
    private static final class Consumer implements Collector<RowData> {
        private final Blackhole blackhole;

        Consumer(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void collect(RowData row) {
            blackhole.consume(row.getLong(0));
            blackhole.consume(row.getString(1).toBytes());
            blackhole.consume(row.getInt(2));
            blackhole.consume(row.getDouble(3));
            blackhole.consume(row.getBoolean(4));
            RowData ts = row.getRow(5, 2);
            blackhole.consume(ts.getLong(0) + ts.getInt(1));
            RowData addr = row.getRow(6, 2);
            blackhole.consume(addr.getString(0).toBytes());
            blackhole.consume(addr.getInt(1));
            blackhole.consume(row.getString(7).toBytes());
            if (!row.isNullAt(8)) {
                ArrayData tags = row.getArray(8);
                for (int i = 0; i < tags.size(); i++) {
                    blackhole.consume(tags.getString(i).toBytes());
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
    public void protobufRw(Blackhole blackhole) throws IOException {
        decodeAll(rwProtobuf, records.protobuf, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void protobufFlink(Blackhole blackhole) throws IOException {
        decodeAll(flinkProtobuf, records.protobuf, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void avroRw(Blackhole blackhole) throws IOException {
        decodeAll(rwAvro, records.avro, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void avroFlink(Blackhole blackhole) throws IOException {
        decodeAll(flinkAvro, records.avro, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void jsonRw(Blackhole blackhole) throws IOException {
        decodeAll(rwJson, records.json, blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void jsonFlink(Blackhole blackhole) throws IOException {
        decodeAll(flinkJson, records.json, blackhole);
    }

    // ------------------------------------------------------------------------------------ main

    private static final String[][] PAIRS = {
        {"protobuf", "protobufRw", "protobufFlink", "1.5"},
        {"avro", "avroRw", "avroFlink", "3.0"},
        {"json", "jsonRw", "jsonFlink", "1.0"}
    };

    /** Runs the suite {@code args[0]} times (default 5) and prints medians and ratios. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        JmhRounds results = JmhRounds.run(FormatBenchmarks.class, rounds, PAIRS);
        BenchmarkRecords sizes = BenchmarkRecords.generate(RECORDS, 42L);
        StringBuilder report = new StringBuilder();
        report.append(
                String.format(
                        Locale.ROOT,
                        "%nFormat benchmarks: %d rounds x 5 iterations of 1 s, %d records per"
                                + " invocation; load average before: %s, after: %s%n",
                        rounds,
                        RECORDS,
                        results.loadBefore,
                        results.loadAfter));
        report.append(
                String.format(
                        Locale.ROOT,
                        "Average payload: protobuf %.1f B, avro %.1f B, json %.1f B%n%n",
                        BenchmarkRecords.averageSize(sizes.protobuf),
                        BenchmarkRecords.averageSize(sizes.avro),
                        BenchmarkRecords.averageSize(sizes.json)));
        report.append(results.scoreTable(14));
        report.append(
                String.format(
                        "%n| format   | ratio rw / Flink (median of rounds) | per round | target |%n"));
        for (String[] pair : PAIRS) {
            double ratio = JmhRounds.median(results.ratios.get(pair[0]));
            double target = Double.parseDouble(pair[3]);
            report.append(
                    String.format(
                            Locale.ROOT,
                            "| %-8s | %35.2fx | %s | %sx %s |%n",
                            pair[0],
                            ratio,
                            results.perRound(pair[0]),
                            pair[3],
                            ratio >= target ? "met" : "MISSED"));
        }
        System.out.println(report);
    }
}
