package io.flinkrw.common.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.List;
import java.util.function.Supplier;

/**
 * A source reader that is idle while the enumerator has no split for it, so that a reader without
 * work (more readers than splits) does not hold the watermark of the whole job back, idle timeout
 * or not. It becomes active again when it gets a split.
 *
 * <p>Flink marks a reader idle only through a watermark strategy's idleness ({@code withIdleness},
 * {@code scan.watermark.idle-timeout}); without one, a reader without splits keeps the job's
 * watermark at its start, and no event-time window fires. The reader does not decide alone: a
 * reader whose split has not arrived yet (a backlog read by the others) must hold the watermark
 * back, or the others move it past the records its split then emits. It goes idle only on the
 * enumerator's {@link NoSplitForReaderEvent}, and only if it still holds no split then (also when
 * its splits have finished: the enumerator tells it once their successors are assigned elsewhere).
 */
@Internal
public abstract class IdleWithoutSplitReaderBase<E, T, SplitT extends SourceSplit, SplitStateT>
        extends SingleThreadMultiplexSourceReaderBase<E, T, SplitT, SplitStateT> {

    private static final Logger LOG = LoggerFactory.getLogger(IdleWithoutSplitReaderBase.class);

    /** The id of the stand-in split output that marks the outputs of finished splits idle. */
    private static final String STAND_IN_SPLIT_ID = "flink-rw-no-split";

    /** The enumerator said it has no split for this reader, and none came since. */
    private boolean idleRequested;

    /** The enumerator said it has no more split for this reader while it still held some. */
    private boolean idleOnceSplitsFinish;

    private boolean idle;

    /** This reader has held a split (whose output Flink has released once it finished). */
    private boolean hadSplits;

    /** The output Flink gives the reader; it never changes. */
    @Nullable private ReaderOutput<T> output;

    protected IdleWithoutSplitReaderBase(
            Supplier<SplitReader<E, SplitT>> splitReaderSupplier,
            RecordEmitter<E, T, SplitStateT> recordEmitter,
            Configuration config,
            SourceReaderContext context) {
        super(splitReaderSupplier, recordEmitter, config, context);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        this.output = output;
        if (idleOnceSplitsFinish && getNumberOfCurrentlyAssignedSplits() == 0) {
            idleOnceSplitsFinish = false;
            idleRequested = true;
        }
        if (idleRequested && !idle && getNumberOfCurrentlyAssignedSplits() == 0) {
            idle = true;
            LOG.info("Reader {} has no split: marking it idle", context.getIndexOfSubtask());
            if (hadSplits) {
                markSplitOutputsIdle(output);
            }
            output.markIdle();
        }
        return super.pollNext(output);
    }

    /**
     * Flink marks a reader's output idle only when the outputs of its splits are idle too. Those of
     * finished splits are released, but what combines them stays active at their last watermark,
     * and emits nothing while it has no output: an idle stand-in output makes it idle.
     */
    private static void markSplitOutputsIdle(ReaderOutput<?> output) {
        output.createOutputForSplit(STAND_IN_SPLIT_ID).markIdle();
        output.releaseOutputForSplit(STAND_IN_SPLIT_ID);
    }

    @Override
    public void addSplits(List<SplitT> splits) {
        super.addSplits(splits);
        if (!splits.isEmpty()) {
            hadSplits = true;
            idleRequested = false;
            idleOnceSplitsFinish = false;
            if (idle && output != null) {
                idle = false;
                LOG.info("Reader {} got splits: marking it active", context.getIndexOfSubtask());
                output.markActive();
            }
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (!(event instanceof NoSplitForReaderEvent)) {
            super.handleSourceEvents(event);
            return;
        }
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            idleRequested = true;
            // Have the operator poll this reader, which has nothing to read, so that it can mark
            // its output idle.
            splitFetcherManager.getQueue().notifyAvailable();
        } else if (noSplitFollowsFinishedOnes()) {
            idleOnceSplitsFinish = true;
        }
    }

    /**
     * Whether a notice that came while this reader held splits still holds once they finish: true
     * where a finished split has no successor that the enumerator could still assign (a restored
     * split of a subject no longer read), false where it may (a shard's children).
     */
    protected boolean noSplitFollowsFinishedOnes() {
        return false;
    }
}
