-- Runs until cancelled: an unbounded datagen source into a blackhole sink.
SET 'pipeline.name' = 'unbounded-datagen';

CREATE TABLE numbers (
    id BIGINT
) WITH (
    'connector' = 'datagen',
    'rows-per-second' = '10'
);

CREATE TABLE sink (
    id BIGINT
) WITH (
    'connector' = 'blackhole'
);

INSERT INTO sink SELECT id FROM numbers;
