package io.flinkrw.e2e.bench.sources;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a source into the {@link RecordingSink} on an embedded cluster, parallelism 1, until the
 * current {@link ReadRecorder} pass has everything, then cancels it; a job that ends or fails
 * before fails the run.
 */
final class EmbeddedJob {

    private EmbeddedJob() {}

    static void readAll(Source<byte[], ?, ?> source, String name, Duration timeout)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
                .sinkTo(new RecordingSink())
                .name("recording sink");
        ReadRecorder recorder = ReadRecorder.current();
        JobClient job = env.executeAsync(name);
        CompletableFuture<?> result = job.getJobExecutionResult();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!recorder.awaitDone(Duration.ofMillis(200))) {
            if (result.isDone()) {
                result.get();
                throw new IllegalStateException("The job ended before it read every record");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Not every record was read within " + timeout);
            }
        }
        // Gone before the next pass starts (or the JVM exits).
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
            result.handle((ignored, failure) -> null).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("The job did not end after it was cancelled: " + e);
        }
    }
}
