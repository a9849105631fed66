package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.common.source.NoSplitForReaderEvent;
import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;
import io.flinkrw.connector.nats.testutils.LogCapture;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Split planning, assignment, failure handling and end-of-input signalling of the enumerator. */
class NatsSourceEnumeratorTest {

    private static final List<String> SUBJECTS = List.of("s.a", "s.b", "s.c");

    private final List<List<String>> planned = new ArrayList<>();

    private NatsSplitPlanner planner(long stop) {
        return subjects -> {
            planned.add(subjects);
            List<NatsSubjectSplit> splits = new ArrayList<>();
            for (String subject : subjects) {
                splits.add(new NatsSubjectSplit("S", subject, StartPosition.earliest(), stop));
            }
            return splits;
        };
    }

    private NatsSourceEnumerator enumerator(
            MockSplitEnumeratorContext<NatsSubjectSplit> context,
            Boundedness boundedness,
            NatsEnumState state) {
        return new NatsSourceEnumerator(
                context,
                SUBJECTS,
                boundedness,
                planner(
                        boundedness == Boundedness.BOUNDED
                                ? 10
                                : NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                state);
    }

    private static void register(MockSplitEnumeratorContext<NatsSubjectSplit> context, int reader) {
        context.registerReader(new ReaderInfo(reader, "localhost"));
    }

    private static Map<Integer, List<String>> assigned(
            MockSplitEnumeratorContext<NatsSubjectSplit> context) {
        Map<Integer, List<String>> byReader = new HashMap<>();
        for (SplitsAssignment<NatsSubjectSplit> assignment :
                context.getSplitsAssignmentSequence()) {
            assignment
                    .assignment()
                    .forEach(
                            (reader, splits) ->
                                    splits.forEach(
                                            split ->
                                                    byReader.computeIfAbsent(
                                                                    reader, k -> new ArrayList<>())
                                                            .add(split.splitId())));
        }
        return byReader;
    }

    @Test
    void plansOnIoThreadAndSpreadsSplitsRoundRobin() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(2)) {
            NatsSourceEnumerator enumerator =
                    enumerator(context, Boundedness.CONTINUOUS_UNBOUNDED, null);
            enumerator.start();
            register(context, 0);
            enumerator.addReader(0);
            assertThat(context.getSplitsAssignmentSequence()).isEmpty();

            context.runNextOneTimeCallable();
            assertThat(planned).containsExactly(SUBJECTS);
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of("s.a", "s.c")));

            register(context, 1);
            enumerator.addReader(1);
            assertThat(assigned(context))
                    .isEqualTo(Map.of(0, List.of("s.a", "s.c"), 1, List.of("s.b")));
            assertThat(context.hasNoMoreSplits(0)).isFalse();
            assertThat(context.hasNoMoreSplits(1)).isFalse();
        }
    }

    @Test
    void readersWithoutASplitAreToldOnlyOnceTheSplitsArePlannedAndAssigned() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(5)) {
            NatsSourceEnumerator enumerator =
                    enumerator(context, Boundedness.CONTINUOUS_UNBOUNDED, null);
            for (int reader = 0; reader < 4; reader++) {
                register(context, reader);
                enumerator.addReader(reader);
            }
            enumerator.start();
            // Not planned yet: nobody knows whether a split comes its way.
            assertThat(context.getSentSourceEvent()).isEmpty();

            context.runNextOneTimeCallable();
            assertThat(assigned(context)).containsOnlyKeys(0, 1, 2);
            assertThat(noSplitEvents(context)).containsExactly(3);

            // A reader registering later gets the notice at once, once only.
            register(context, 4);
            enumerator.addReader(4);
            assertThat(noSplitEvents(context)).containsExactly(3, 4);

            // A restarted reader without a split is told again.
            enumerator.addReader(3);
            assertThat(noSplitEvents(context)).containsExactly(3, 3, 4);
        }
    }

    @Test
    void boundedReadersWithoutASplitAreNotToldToIdle() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(5)) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, null);
            for (int reader = 0; reader < 5; reader++) {
                register(context, reader);
            }
            enumerator.start();
            context.runNextOneTimeCallable();
            assertThat(noSplitEvents(context)).isEmpty();
            assertThat(context.hasNoMoreSplits(4)).isTrue();
        }
    }

    /** The readers sent a {@link NoSplitForReaderEvent}, once per event, sorted. */
    private static List<Integer> noSplitEvents(MockSplitEnumeratorContext<NatsSubjectSplit> context)
            throws Exception {
        List<Integer> readers = new ArrayList<>();
        for (Map.Entry<Integer, List<SourceEvent>> sent : context.getSentSourceEvent().entrySet()) {
            for (SourceEvent event : sent.getValue()) {
                if (event instanceof NoSplitForReaderEvent) {
                    readers.add(sent.getKey());
                }
            }
        }
        readers.sort(null);
        return readers;
    }

    @Test
    void boundedSignalsNoMoreSplitsToEveryReaderIncludingIdleOnes() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(5)) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, null);
            for (int reader = 0; reader < 5; reader++) {
                register(context, reader);
            }
            enumerator.start();
            context.runNextOneTimeCallable();
            for (int reader = 0; reader < 5; reader++) {
                assertThat(context.hasNoMoreSplits(reader)).as("reader %d", reader).isTrue();
            }
            assertThat(assigned(context)).containsOnlyKeys(0, 1, 2);
        }
    }

    @Test
    void aFinishedReaderIsNotToldTwice() throws Throwable {
        List<Integer> told = new ArrayList<>();
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(5) {
                    @Override
                    public void signalNoMoreSplits(int subtask) {
                        told.add(subtask);
                        super.signalNoMoreSplits(subtask);
                    }
                }) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, null);
            enumerator.start();
            context.runNextOneTimeCallable();
            for (int reader = 0; reader < 5; reader++) {
                register(context, reader);
                enumerator.addReader(reader);
            }
            assertThat(told).containsExactlyInAnyOrder(0, 1, 2, 3, 4);

            // Reader 4 restarts: its new registration is told again, nobody else is.
            enumerator.addReader(4);
            assertThat(told).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 4);
        }
    }

    @Test
    void splitsOfAFailedReaderGoBackToItWhenItReturns() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, null);
            register(context, 0);
            enumerator.start();
            context.runNextOneTimeCallable();
            NatsSubjectSplit first =
                    context.getSplitsAssignmentSequence().get(0).assignment().get(0).get(0);

            context.unregisterReader(0);
            enumerator.addSplitsBack(List.of(first), 0);
            assertThat(enumerator.snapshotState(1).pendingSplits()).containsExactly(first);
            assertThat(enumerator.snapshotState(1).assignedSplitIds())
                    .doesNotContain(first.splitId());

            register(context, 0);
            enumerator.addReader(0);
            List<SplitsAssignment<NatsSubjectSplit>> sequence =
                    context.getSplitsAssignmentSequence();
            assertThat(sequence.get(sequence.size() - 1).assignment().get(0))
                    .containsExactly(first);
            assertThat(enumerator.snapshotState(2).assignedSplitIds())
                    .containsExactlyInAnyOrder("s.a", "s.b", "s.c");
        }
    }

    @Test
    void restoredEnumeratorPlansOnlyNewSubjectsAndKeepsPendingSplits() throws Throwable {
        NatsSubjectSplit pending = new NatsSubjectSplit("S", "s.b", StartPosition.earliest(), 5);
        NatsEnumState state = new NatsEnumState(Set.of("s.a"), List.of(pending));
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator =
                    enumerator(context, Boundedness.CONTINUOUS_UNBOUNDED, state);
            register(context, 0);
            enumerator.start();
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of("s.b")));
            context.runNextOneTimeCallable();
            assertThat(planned).containsExactly(List.of("s.c"));
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of("s.b", "s.c")));
        }
    }

    @Test
    void restoredPendingSplitsOfSubjectsNoLongerReadAreDropped() throws Throwable {
        // A job that read "s.x" (another query, or another subject option) and now reads SUBJECTS.
        NatsSubjectSplit gone = new NatsSubjectSplit("S", "s.x", StartPosition.earliest(), 5);
        NatsEnumState state = new NatsEnumState(Set.of("s.a", "s.b", "s.c"), List.of(gone));
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, state);
            register(context, 0);
            enumerator.start();
            assertThat(context.getSplitsAssignmentSequence()).isEmpty();
            assertThat(context.hasNoMoreSplits(0)).isTrue();
            assertThat(enumerator.snapshotState(1).pendingSplits()).isEmpty();
        }
    }

    @Test
    void aSubjectTakenOffTheListAndPutBackIsReadAgain() throws Throwable {
        NatsEnumState first = runAndSnapshot(List.of("s.a", "s.b"), null);
        assertThat(first.assignedSplitIds()).containsExactlyInAnyOrder("s.a", "s.b");

        // Run 2 reads "s.a" only: its reader drops the restored split "s.b".
        NatsEnumState second = runAndSnapshot(List.of("s.a"), first);
        assertThat(second.assignedSplitIds()).containsExactly("s.a");

        // Run 3 reads "s.b" again: it is planned anew and assigned.
        planned.clear();
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator =
                    new NatsSourceEnumerator(
                            context,
                            List.of("s.a", "s.b"),
                            Boundedness.CONTINUOUS_UNBOUNDED,
                            planner(NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                            second);
            register(context, 0);
            enumerator.start();
            context.runNextOneTimeCallable();
            assertThat(planned).containsExactly(List.of("s.b"));
            assertThat(assigned(context)).isEqualTo(Map.of(0, List.of("s.b")));
        }
    }

    @Test
    void narrowingAWildcardSubjectWarnsThatTheNarrowerOneStartsAfresh() throws Throwable {
        NatsEnumState wide = runAndSnapshot(List.of("orders.*", "pay.x"), null);
        try (LogCapture logs = LogCapture.start()) {
            NatsEnumState narrowed = runAndSnapshot(List.of("orders.eu", "pay.x"), wide);
            assertThat(narrowed.assignedSplitIds()).containsExactlyInAnyOrder("orders.eu", "pay.x");
            assertThat(logs.text())
                    .containsPattern(
                            "WARN \\S*NatsSourceEnumerator Subject 'orders.eu' is read from"
                                    + " scratch, where 'scan.startup.mode' says, while the restored"
                                    + " split of the overlapping subject 'orders.\\*'")
                    .doesNotContain("'pay.x' is read from scratch");
        }
    }

    /** Starts an enumerator over {@code subjects}, lets it assign everything, snapshots it. */
    private NatsEnumState runAndSnapshot(List<String> subjects, NatsEnumState restored)
            throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator =
                    new NatsSourceEnumerator(
                            context,
                            subjects,
                            Boundedness.CONTINUOUS_UNBOUNDED,
                            planner(NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                            restored);
            register(context, 0);
            enumerator.start();
            if (!context.getOneTimeCallables().isEmpty()) {
                context.runNextOneTimeCallable();
            }
            return enumerator.snapshotState(1);
        }
    }

    @Test
    void restoredEnumeratorWithEverySubjectKnownDoesNoIo() throws Throwable {
        NatsEnumState state = new NatsEnumState(Set.of("s.a", "s.b", "s.c"), List.of());
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator = enumerator(context, Boundedness.BOUNDED, state);
            register(context, 0);
            enumerator.start();
            assertThat(context.getOneTimeCallables()).isEmpty();
            assertThat(context.hasNoMoreSplits(0)).isTrue();
        }
    }

    @Test
    void planningFailureFailsTheEnumeratorWithTheCause() throws Throwable {
        try (MockSplitEnumeratorContext<NatsSubjectSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            NatsSourceEnumerator enumerator =
                    new NatsSourceEnumerator(
                            context,
                            SUBJECTS,
                            Boundedness.CONTINUOUS_UNBOUNDED,
                            subjects -> {
                                throw new IllegalStateException("No stream stores subject 's.a'");
                            },
                            null);
            enumerator.start();
            assertThatThrownBy(context::runNextOneTimeCallable)
                    .hasStackTraceContaining("No stream stores subject 's.a'");
        }
    }
}
