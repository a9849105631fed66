package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SplitTrackerTest {

    private static KinesisShardSplit split(String id, String... parents) {
        return new KinesisShardSplit(
                id,
                List.of(parents),
                "0",
                "1",
                StartingPosition.earliest(),
                KinesisShardSplit.NO_STOP,
                false);
    }

    @Test
    void aSplitIsAssignableOnceAllItsParentsAreFinished() {
        SplitTracker tracker = new SplitTracker();
        tracker.addDiscovered(split("p1"));
        tracker.addDiscovered(split("p2"));
        tracker.addDiscovered(split("merged", "p1", "p2"));
        assertThat(tracker.assignable())
                .extracting(KinesisShardSplit::splitId)
                .containsExactly("p1", "p2");

        tracker.markAssigned(List.of(split("p1"), split("p2")));
        assertThat(tracker.assignable()).isEmpty();
        assertThat(tracker.finish("p1")).isEqualTo(split("p1"));
        assertThat(tracker.assignable()).isEmpty();
        tracker.finish("p2");
        assertThat(tracker.assignable())
                .extracting(KinesisShardSplit::splitId)
                .containsExactly("merged");
    }

    @Test
    void knownSplitsAreNotAddedTwiceAndUnknownFinishesAreIgnored() {
        SplitTracker tracker = new SplitTracker();
        tracker.addDiscovered(split("a"));
        tracker.markAssigned(List.of(split("a")));
        tracker.addDiscovered(split("a"));
        assertThat(tracker.unassignedSplits()).isEmpty();
        assertThat(tracker.assignedSplits()).containsExactly(split("a"));
        assertThat(tracker.finish("unknown")).isNull();
    }

    @Test
    void returnedAndRestoredSplitsMoveBetweenTheSets() {
        SplitTracker tracker = new SplitTracker();
        tracker.addDiscovered(split("a"));
        tracker.markAssigned(List.of(split("a")));
        tracker.returnToUnassigned(List.of(split("a")));
        assertThat(tracker.unassignedSplits()).containsExactly(split("a"));
        tracker.restoreAssigned(split("a"));
        assertThat(tracker.assignedSplits()).containsExactly(split("a"));
        assertThat(tracker.unassignedSplits()).isEmpty();
    }
}
