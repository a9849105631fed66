package io.flinkrw.connector.nats.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** When the reader acks deliveries: {@code nats.ack.mode}. */
@PublicEvolving
public enum AckMode {
    /** {@link #CHECKPOINT} when the job checkpoints in streaming mode, else {@link #EMIT}. */
    AUTO,
    /** Once the checkpoint that covers a delivery completes. */
    CHECKPOINT,
    /** As soon as a delivery is emitted (at-least-once). */
    EMIT;

    static final List<String> VALUES = List.of("auto", "checkpoint", "emit");

    static AckMode of(@Nullable String value) {
        if (value == null) {
            return AUTO;
        }
        switch (value) {
            case "checkpoint":
                return CHECKPOINT;
            case "emit":
                return EMIT;
            default:
                return AUTO;
        }
    }

    /**
     * What {@link #AUTO} means in a job configured by {@code job}: {@link #EMIT} in batch runtime
     * mode or without a checkpoint interval, else {@link #CHECKPOINT}; null when {@code job} does
     * not set the checkpoint interval and {@code complete} is false (a TaskManager's configuration
     * need not hold the job's settings).
     */
    @Nullable
    static AckMode resolve(ReadableConfig job, boolean complete) {
        if (job.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
            return EMIT;
        }
        Optional<Duration> interval = checkpointInterval(job);
        if (interval.isPresent()) {
            return CHECKPOINT;
        }
        return complete ? EMIT : null;
    }

    /** The checkpoint interval {@code job} sets, if checkpointing is on. */
    static Optional<Duration> checkpointInterval(ReadableConfig job) {
        return job.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                .filter(interval -> !interval.isZero() && !interval.isNegative());
    }
}
