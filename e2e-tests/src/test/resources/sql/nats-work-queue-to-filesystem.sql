-- Unbounded, checkpointed every second, over ${parallelism} slots: the NATS subjects ${subjects}
-- of a work-queue stream (one split each), read through durable consumers named after
-- ${durable-name} and acked when the checkpoint covering a message completes, as JSON, written
-- exactly once (files are committed on checkpoints) as CSV to ${output}. The connector comes from
-- the cluster's lib/, not from --jar.
SET 'parallelism.default' = '${parallelism}';
SET 'execution.checkpointing.interval' = '1 s';
SET 'restart-strategy.type' = 'fixed-delay';
SET 'restart-strategy.fixed-delay.attempts' = '20';
-- Longer than the JobManager takes to declare a killed TaskManager lost (two failed heartbeats,
-- about 2 s): an earlier restart deploys onto the dead TaskManager's slots again and fails once
-- more, a Flink race that is not the source's. The replacement TaskManager takes longer to start.
SET 'restart-strategy.fixed-delay.delay' = '10 s';
SET 'pipeline.name' = 'nats-work-queue';

CREATE TABLE events (
    id BIGINT,
    subject STRING METADATA VIRTUAL
) WITH (
    'connector' = 'nats',
    'server_url' = '${nats-url}',
    'subject' = '${subjects}',
    'connect_mode' = 'plain',
    'consumer.durable_name' = '${durable-name}',
    'format' = 'rw-json'
);

CREATE TABLE copied (
    id BIGINT,
    subject STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${output}',
    'format' = 'csv'
);

INSERT INTO copied SELECT id, subject FROM events;
