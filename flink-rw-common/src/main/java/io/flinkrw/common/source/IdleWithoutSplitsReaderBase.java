package io.flinkrw.common.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;

import javax.annotation.Nullable;

import java.util.List;
import java.util.function.Supplier;

/**
 * A source reader that is idle while it holds no split, so that a reader without work (more readers
 * than splits, or its splits finished) does not hold the watermark of the whole job back; it
 * becomes active again when it gets a split, and before its input ends (so that the final watermark
 * goes out).
 *
 * <p>Flink marks a reader idle only through a watermark strategy's idleness ({@code withIdleness},
 * {@code scan.watermark.idle-timeout}); without one, a reader without splits keeps the job's
 * watermark at its start, and no event-time window fires. Flink marks the reader's output idle only
 * when both its main output and its split outputs are: so a finished split is marked idle before
 * its output is released, and the main output is marked idle while no split is assigned.
 */
@Internal
public abstract class IdleWithoutSplitsReaderBase<E, T, SplitT extends SourceSplit, SplitStateT>
        extends SingleThreadMultiplexSourceReaderBase<E, T, SplitT, SplitStateT> {

    private boolean idle;

    /** The output Flink gives the reader (it never changes), and the same one wrapped. */
    @Nullable private ReaderOutput<T> output;

    @Nullable private FinishedSplitsIdle<T> splitsIdleWhenReleased;

    protected IdleWithoutSplitsReaderBase(
            Supplier<SplitReader<E, SplitT>> splitReaderSupplier,
            RecordEmitter<E, T, SplitStateT> recordEmitter,
            Configuration config,
            SourceReaderContext context) {
        super(splitReaderSupplier, recordEmitter, config, context);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (output instanceof FinishedSplitsIdle) {
            // The base class polls again through this method, with the output it was given.
            output = ((FinishedSplitsIdle<T>) output).output;
        }
        if (output != this.output) {
            this.output = output;
            this.splitsIdleWhenReleased = new FinishedSplitsIdle<>(output);
        }
        markActiveIfAssigned();
        InputStatus status = super.pollNext(splitsIdleWhenReleased);
        if (status == InputStatus.END_OF_INPUT) {
            if (idle) {
                idle = false;
                output.markActive();
            }
        } else if (!idle && getNumberOfCurrentlyAssignedSplits() == 0) {
            idle = true;
            output.markIdle();
        }
        return status;
    }

    @Override
    public void addSplits(List<SplitT> splits) {
        super.addSplits(splits);
        markActiveIfAssigned();
    }

    private void markActiveIfAssigned() {
        if (idle && output != null && getNumberOfCurrentlyAssignedSplits() > 0) {
            idle = false;
            output.markActive();
        }
    }

    /** A reader output that marks a split's output idle before releasing it. */
    private static final class FinishedSplitsIdle<T> implements ReaderOutput<T> {

        private final ReaderOutput<T> output;

        FinishedSplitsIdle(ReaderOutput<T> output) {
            this.output = output;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            output.createOutputForSplit(splitId).markIdle();
            output.releaseOutputForSplit(splitId);
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            return output.createOutputForSplit(splitId);
        }

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            output.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }
    }
}
