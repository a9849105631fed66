package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;

/** Turns subjects into splits: finds each subject's stream, its start and, if bounded, its stop. */
@Internal
@FunctionalInterface
public interface NatsSplitPlanner {

    /** One split per subject; runs on the enumerator's I/O thread, never the coordinator's. */
    List<NatsSubjectSplit> plan(List<String> subjects) throws Exception;
}
