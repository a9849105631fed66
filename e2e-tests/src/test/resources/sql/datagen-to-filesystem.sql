-- A bounded sequence 1..${rows}, labelled by a function from the job jar (passed with --jar) and
-- written as CSV to ${output}.
CREATE TEMPORARY FUNCTION row_label AS 'io.flinkrw.e2e.jobs.RowLabelFunction';

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

INSERT INTO labelled SELECT id, row_label(id) FROM numbers;
