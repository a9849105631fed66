-- Plans and submits fine, then fails at run time: 'not-a-number-1' cannot be cast to INT.
SET 'restart-strategy.type' = 'none';
SET 'pipeline.name' = 'failing-cast';

CREATE TABLE numbers (
    id BIGINT
) WITH (
    'connector' = 'datagen',
    'fields.id.kind' = 'sequence',
    'fields.id.start' = '1',
    'fields.id.end' = '10'
);

CREATE TABLE sink (
    n INT
) WITH (
    'connector' = 'blackhole'
);

INSERT INTO sink SELECT CAST(CONCAT('not-a-number-', CAST(id AS STRING)) AS INT) FROM numbers;
