package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.connector.nats.config.Subjects;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands out one split per subject. Splits are planned once, when the job first starts (later starts
 * plan only subjects added to the list since, and forget restored splits of subjects no longer on
 * it, so a subject put back later is planned again), spread round-robin over the readers, and given
 * back to the same reader after a failure. In bounded mode every reader, including one without a
 * split, is told when there are no more splits; in unbounded mode a reader that gets no split once
 * the subjects are planned is told so ({@link NoSplitForReaderEvent}), and marks itself idle.
 */
@Internal
public final class NatsSourceEnumerator
        implements SplitEnumerator<NatsSubjectSplit, NatsEnumState> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsSourceEnumerator.class);

    private final SplitEnumeratorContext<NatsSubjectSplit> context;
    private final List<String> subjects;
    private final Boundedness boundedness;
    private final NatsSplitPlanner planner;

    private final Set<String> assignedSplitIds;

    /** Subjects of restored splits this source no longer reads. */
    private final Set<String> droppedSubjects = new TreeSet<>();

    /** Splits waiting for their reader to register, by the subtask that will read them. */
    private final Map<Integer, List<NatsSubjectSplit>> pendingByReader = new HashMap<>();

    /** Restored splits not yet given an owner. */
    private final List<NatsSubjectSplit> unownedSplits;

    /**
     * Readers (registrations) already told there are no more splits: a second notice could reach a
     * reader that has finished, which Flink treats as a lost event and fails over.
     */
    private final Set<Integer> toldNoMoreSplits = new HashSet<>();

    /** Readers (registrations) this enumerator has given splits to. */
    private final Set<Integer> readersWithSplits = new HashSet<>();

    /** Readers (registrations) already told that there is no split for them. */
    private final Set<Integer> toldNoSplit = new HashSet<>();

    private boolean planned;
    private int nextOwner;

    public NatsSourceEnumerator(
            SplitEnumeratorContext<NatsSubjectSplit> context,
            List<String> subjects,
            Boundedness boundedness,
            NatsSplitPlanner planner,
            @Nullable NatsEnumState restored) {
        this.context = context;
        this.subjects = List.copyOf(subjects);
        this.boundedness = boundedness;
        this.planner = planner;
        NatsEnumState state = restored == null ? NatsEnumState.empty() : restored;
        // A split's id is its subject. Ids of subjects no longer read are forgotten: their
        // readers drop such splits, and a later job that reads the subject again must plan it.
        this.assignedSplitIds = new HashSet<>();
        for (String splitId : state.assignedSplitIds()) {
            if (this.subjects.contains(splitId)) {
                assignedSplitIds.add(splitId);
            } else {
                LOG.info("Forgetting split {}: this source reads {}", splitId, subjects);
                droppedSubjects.add(splitId);
            }
        }
        this.unownedSplits = new ArrayList<>();
        for (NatsSubjectSplit split : state.pendingSplits()) {
            // A restored split of a subject this source no longer reads (see the reader).
            if (this.subjects.contains(split.subject())) {
                unownedSplits.add(split);
            } else {
                LOG.info("Dropping restored split {}: this source reads {}", split, subjects);
                droppedSubjects.add(split.subject());
            }
        }
        this.nextOwner = assignedSplitIds.size();
    }

    @Override
    public void start() {
        List<String> unplanned = new ArrayList<>();
        Set<String> known = new HashSet<>(assignedSplitIds);
        unownedSplits.forEach(split -> known.add(split.splitId()));
        for (String subject : subjects) {
            if (!known.contains(subject)) {
                unplanned.add(subject);
            }
        }
        warnOfOverlaps(unplanned);
        addPending(takeUnowned());
        planned = unplanned.isEmpty();
        assignPending();
        if (planned) {
            return;
        }
        LOG.info("Planning NATS splits for subjects {}", unplanned);
        context.callAsync(() -> planner.plan(unplanned), this::onPlanned);
    }

    /**
     * A subject read from scratch that a dropped split's subject overlaps ({@code orders.*}
     * narrowed to {@code orders.eu}, or the other way round) neither resumes nor continues that
     * split's position: its messages may be read twice or skipped.
     */
    private void warnOfOverlaps(List<String> unplanned) {
        for (String dropped : droppedSubjects) {
            for (String subject : unplanned) {
                if (Subjects.overlap(dropped, subject)) {
                    LOG.warn(
                            "Subject '{}' is read from scratch, where 'scan.startup.mode' says,"
                                    + " while the restored split of the overlapping subject '{}',"
                                    + " which this source no longer reads, is dropped: messages"
                                    + " on both may be read twice or not at all.",
                            subject,
                            dropped);
                }
            }
        }
    }

    private void onPlanned(@Nullable List<NatsSubjectSplit> splits, @Nullable Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(
                    "Could not plan the splits of the NATS source: " + error.getMessage(), error);
        }
        addPending(splits);
        planned = true;
        assignPending();
    }

    private List<NatsSubjectSplit> takeUnowned() {
        List<NatsSubjectSplit> splits = new ArrayList<>(unownedSplits);
        unownedSplits.clear();
        return splits;
    }

    private void addPending(List<NatsSubjectSplit> splits) {
        List<NatsSubjectSplit> sorted = new ArrayList<>(splits);
        sorted.sort(Comparator.comparing(NatsSubjectSplit::splitId));
        int parallelism = context.currentParallelism();
        for (NatsSubjectSplit split : sorted) {
            int owner = nextOwner++ % parallelism;
            pendingByReader.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
        }
    }

    private void assignPending() {
        Map<Integer, List<NatsSubjectSplit>> assignment = new HashMap<>();
        for (int reader : context.registeredReaders().keySet()) {
            List<NatsSubjectSplit> splits = pendingByReader.remove(reader);
            if (splits != null && !splits.isEmpty()) {
                assignment.put(reader, splits);
                splits.forEach(split -> assignedSplitIds.add(split.splitId()));
            }
        }
        if (!assignment.isEmpty()) {
            LOG.info("Assigning NATS splits {}", assignment);
            context.assignSplits(new SplitsAssignment<>(assignment));
            readersWithSplits.addAll(assignment.keySet());
        }
        if (planned && boundedness == Boundedness.CONTINUOUS_UNBOUNDED) {
            tellReadersWithoutSplits();
        }
        if (planned && boundedness == Boundedness.BOUNDED) {
            for (int reader : context.registeredReaders().keySet()) {
                if (!pendingByReader.containsKey(reader) && toldNoMoreSplits.add(reader)) {
                    context.signalNoMoreSplits(reader);
                }
            }
        }
    }

    /**
     * Tells each registered reader that has no split and none coming. A reader that holds restored
     * splits this enumerator does not know of ignores it.
     */
    private void tellReadersWithoutSplits() {
        for (int reader : context.registeredReaders().keySet()) {
            if (!pendingByReader.containsKey(reader)
                    && !readersWithSplits.contains(reader)
                    && toldNoSplit.add(reader)) {
                LOG.info("No NATS split for reader {}: it goes idle", reader);
                context.sendEventToSourceReader(reader, new NoSplitForReaderEvent());
            }
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed when readers register.
    }

    @Override
    public void addSplitsBack(List<NatsSubjectSplit> splits, int subtaskId) {
        LOG.info("NATS splits {} return from reader {}", splits, subtaskId);
        toldNoMoreSplits.remove(subtaskId);
        for (NatsSubjectSplit split : splits) {
            assignedSplitIds.remove(split.splitId());
            pendingByReader.computeIfAbsent(subtaskId, k -> new ArrayList<>()).add(split);
        }
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPending();
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // A new registration (a restarted reader) has not been told anything yet.
        toldNoMoreSplits.remove(subtaskId);
        toldNoSplit.remove(subtaskId);
        readersWithSplits.remove(subtaskId);
        assignPending();
    }

    @Override
    public NatsEnumState snapshotState(long checkpointId) {
        List<NatsSubjectSplit> pending = new ArrayList<>(unownedSplits);
        pendingByReader.values().forEach(pending::addAll);
        return new NatsEnumState(assignedSplitIds, pending);
    }

    @Override
    public void close() {}
}
