package io.flinkrw.testutils;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the watermark generator of a strategy over the timestamps of one split's records, as a
 * source applies it per split, with a periodic emit after every record (the earliest a periodic
 * watermark can come), and tells which records arrive behind the watermark already emitted.
 */
public final class WatermarkProbe {

    private WatermarkProbe() {}

    /** The timestamps, in arrival order, that are late: at or behind the watermark before them. */
    public static <T> List<Long> lateRecords(WatermarkStrategy<T> strategy, long... timestamps) {
        WatermarkGenerator<T> generator = strategy.createWatermarkGenerator(new Context());
        LatestWatermark output = new LatestWatermark();
        List<Long> late = new ArrayList<>();
        for (long timestamp : timestamps) {
            if (timestamp <= output.watermark) {
                late.add(timestamp);
            }
            generator.onEvent(null, timestamp, output);
            generator.onPeriodicEmit(output);
        }
        return late;
    }

    private static final class LatestWatermark implements WatermarkOutput {

        long watermark = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark watermark) {
            this.watermark = Math.max(this.watermark, watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    private static final class Context implements WatermarkGeneratorSupplier.Context {

        @Override
        public org.apache.flink.metrics.MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public RelativeClock getInputActivityClock() {
            return SystemClock.getInstance();
        }
    }
}
