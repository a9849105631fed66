package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.FactoryUtil;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The watermark settings of a table whose watermark is {@code SOURCE_WATERMARK()}: the records'
 * broker timestamps (a Kinesis arrival time, a NATS stored time) are the event time, per split, out
 * of order by up to {@link #MAX_OUT_OF_ORDERNESS}, with the table's {@code
 * scan.watermark.emit.strategy}, {@code scan.watermark.idle-timeout} (else the session's {@code
 * table.exec.source.idle-timeout}) and {@code scan.watermark.alignment.*} options, as the planner
 * applies them to a {@code WATERMARK FOR ... AS <expression>}.
 */
@Internal
public final class SourceWatermarkOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How far a broker time may step back; each connector has its own default. */
    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("scan.source-watermark.max-out-of-orderness")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "For WATERMARK FOR ... AS SOURCE_WATERMARK(): how far behind the"
                                    + " largest broker time of its split so far a record's broker"
                                    + " time may be without being late; the watermark trails the"
                                    + " largest time by this much (and 1 ms). Broker times are not"
                                    + " strictly ascending: Kinesis arrival times are approximate,"
                                    + " and NATS stored times can step back when a stream's leader"
                                    + " changes between servers whose clocks differ. Default: 5 s"
                                    + " for kinesis, 1 s for nats; 0 s takes them as ascending.");

    /** Ascending broker times; no idleness, no alignment. */
    public static final SourceWatermarkOptions NONE =
            new SourceWatermarkOptions(false, Duration.ZERO, null, null, null, null);

    /** {@code scan.watermark.emit.strategy} = {@code on-event}: a watermark after every record. */
    private final boolean onEvent;

    private final Duration maxOutOfOrderness;
    @Nullable private final Duration idleTimeout;
    @Nullable private final String alignmentGroup;
    @Nullable private final Duration alignmentMaxDrift;
    @Nullable private final Duration alignmentUpdateInterval;

    private SourceWatermarkOptions(
            boolean onEvent,
            Duration maxOutOfOrderness,
            @Nullable Duration idleTimeout,
            @Nullable String alignmentGroup,
            @Nullable Duration alignmentMaxDrift,
            @Nullable Duration alignmentUpdateInterval) {
        this.onEvent = onEvent;
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.idleTimeout = idleTimeout;
        this.alignmentGroup = alignmentGroup;
        this.alignmentMaxDrift = alignmentMaxDrift;
        this.alignmentUpdateInterval = alignmentUpdateInterval;
    }

    /**
     * The settings of a table: its options (already validated by Flink's factory helper, which
     * checks that alignment has both a group and a maximum drift), the session configuration, and
     * the connector's default {@link #MAX_OUT_OF_ORDERNESS}.
     */
    public static SourceWatermarkOptions from(
            ReadableConfig tableOptions,
            ReadableConfig sessionConfig,
            Duration defaultMaxOutOfOrderness) {
        Duration idle =
                tableOptions
                        .getOptional(FactoryUtil.SOURCE_IDLE_TIMEOUT)
                        .orElse(
                                sessionConfig.get(
                                        ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT));
        String group = tableOptions.getOptional(FactoryUtil.WATERMARK_ALIGNMENT_GROUP).orElse(null);
        Duration maxDrift =
                tableOptions.getOptional(FactoryUtil.WATERMARK_ALIGNMENT_MAX_DRIFT).orElse(null);
        return new SourceWatermarkOptions(
                tableOptions.get(FactoryUtil.WATERMARK_EMIT_STRATEGY).isOnEvent(),
                tableOptions.getOptional(MAX_OUT_OF_ORDERNESS).orElse(defaultMaxOutOfOrderness),
                idle.isZero() || idle.isNegative() ? null : idle,
                group,
                maxDrift,
                group == null
                        ? null
                        : tableOptions.get(FactoryUtil.WATERMARK_ALIGNMENT_UPDATE_INTERVAL));
    }

    /**
     * Record timestamps per split, out of order by up to the maximum (the watermark trails the
     * largest timestamp by that and 1 ms, so records of the same millisecond are not late), emitted
     * periodically or after every record, with idleness and alignment as configured.
     */
    public WatermarkStrategy<RowData> strategy() {
        long delayMillis = maxOutOfOrderness.toMillis();
        WatermarkStrategy<RowData> strategy =
                onEvent
                        ? WatermarkStrategy.forGenerator(context -> new OnEventBounded(delayMillis))
                        : WatermarkStrategy.forBoundedOutOfOrderness(maxOutOfOrderness);
        if (alignmentGroup != null && alignmentMaxDrift != null) {
            strategy =
                    strategy.withWatermarkAlignment(
                            alignmentGroup, alignmentMaxDrift, alignmentUpdateInterval);
        }
        if (idleTimeout != null) {
            strategy = strategy.withIdleness(idleTimeout);
        }
        return strategy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceWatermarkOptions)) {
            return false;
        }
        SourceWatermarkOptions that = (SourceWatermarkOptions) o;
        return onEvent == that.onEvent
                && maxOutOfOrderness.equals(that.maxOutOfOrderness)
                && Objects.equals(idleTimeout, that.idleTimeout)
                && Objects.equals(alignmentGroup, that.alignmentGroup)
                && Objects.equals(alignmentMaxDrift, that.alignmentMaxDrift)
                && Objects.equals(alignmentUpdateInterval, that.alignmentUpdateInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                onEvent,
                maxOutOfOrderness,
                idleTimeout,
                alignmentGroup,
                alignmentMaxDrift,
                alignmentUpdateInterval);
    }

    @Override
    public String toString() {
        return "SourceWatermarkOptions{emit="
                + (onEvent ? "on-event" : "on-periodic")
                + ", maxOutOfOrderness="
                + maxOutOfOrderness
                + ", idleTimeout="
                + idleTimeout
                + ", alignment="
                + (alignmentGroup == null
                        ? "none"
                        : alignmentGroup + "/" + alignmentMaxDrift + "/" + alignmentUpdateInterval)
                + '}';
    }

    /** The largest timestamp so far, less the delay and 1 ms, as the watermark after a record. */
    private static final class OnEventBounded implements WatermarkGenerator<RowData> {

        private final long delayMillis;
        private long maxTimestamp = Long.MIN_VALUE;

        OnEventBounded(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public void onEvent(RowData event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > maxTimestamp) {
                maxTimestamp = eventTimestamp;
                output.emitWatermark(new Watermark(maxTimestamp - delayMillis - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
