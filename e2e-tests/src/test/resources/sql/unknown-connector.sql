-- The INSERT cannot be planned: no factory for 'no-such-connector'. The SQL client stops there, so
-- the last INSERT (job name 'after-the-failure') must never be submitted.
CREATE TABLE missing (
    id BIGINT
) WITH (
    'connector' = 'no-such-connector'
);

CREATE TABLE sink (
    id BIGINT
) WITH (
    'connector' = 'blackhole'
);

INSERT INTO sink SELECT id FROM missing;

CREATE TABLE numbers (
    id BIGINT
) WITH (
    'connector' = 'datagen',
    'number-of-rows' = '10'
);

SET 'pipeline.name' = 'after-the-failure';

INSERT INTO sink SELECT id FROM numbers;
