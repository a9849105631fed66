package io.flinkrw.e2e.jobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Preconditions;

/**
 * A bounded DataStream job for the cluster tests: prints {@code <tag>:<n>} for n = 1..count, so the
 * rows land on the TaskManagers' stdout. Arguments: {@code <tag> <count>}.
 */
public final class SequencePrintJob {

    private SequencePrintJob() {}

    public static void main(String[] args) throws Exception {
        Preconditions.checkArgument(args.length == 2, "Arguments: <tag> <count>");
        String tag = args[0];
        long count = Long.parseLong(args[1]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSource(
                        new NumberSequenceSource(1, count),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .map(n -> tag + ":" + n)
                .returns(Types.STRING)
                .print();
        env.execute("sequence-print-" + tag);
    }
}
