-- 1..${rows} at ${rows-per-second} rows/s over every slot of the cluster, written exactly once
-- (files are committed on checkpoints) as CSV to ${output}.
SET 'parallelism.default' = '${parallelism}';
SET 'execution.checkpointing.interval' = '1 s';
SET 'restart-strategy.type' = 'fixed-delay';
SET 'restart-strategy.fixed-delay.attempts' = '20';
SET 'restart-strategy.fixed-delay.delay' = '1 s';
SET 'pipeline.name' = 'checkpointed-datagen-to-filesystem';

CREATE TABLE numbers (
    id BIGINT
) WITH (
    'connector' = 'datagen',
    'rows-per-second' = '${rows-per-second}',
    'fields.id.kind' = 'sequence',
    'fields.id.start' = '1',
    'fields.id.end' = '${rows}'
);

CREATE TABLE copied (
    id BIGINT
) WITH (
    'connector' = 'filesystem',
    'path' = '${output}',
    'format' = 'csv'
);

INSERT INTO copied SELECT id FROM numbers;
