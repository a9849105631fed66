-- A bounded sequence 1..${rows}, written as CSV to ${output}.
CREATE TABLE numbers (
    id BIGINT
) WITH (
    'connector' = 'datagen',
    'fields.id.kind' = 'sequence',
    'fields.id.start' = '1',
    'fields.id.end' = '${rows}'
);

CREATE TABLE labelled (
    id BIGINT,
    label STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${output}',
    'format' = 'csv'
);

SET 'pipeline.name' = 'datagen-to-filesystem';

INSERT INTO labelled SELECT id, CONCAT('row-', CAST(id AS STRING)) FROM numbers;
