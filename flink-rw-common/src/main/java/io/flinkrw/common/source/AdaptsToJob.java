package io.flinkrw.common.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A source that adapts itself to the job it runs in (for example to whether the job checkpoints),
 * given the job's configuration while the job is built. Flink gives a running source reader only
 * the TaskManager's configuration, which need not hold the job's settings.
 *
 * @param <T> the produced type
 */
@Internal
public interface AdaptsToJob<T> {

    /** This source, adapted to a job configured by {@code jobConfiguration}. */
    Source<T, ?, ?> forJob(ReadableConfig jobConfiguration);
}
