-- Avro in the new syntax; avro-legacy.rw.sql is the same in the old one.
CREATE SOURCE demo_avro
WITH (
    connector = 'kinesis',
    stream = 'demo',
    aws.region = 'us-east-1',
    endpoint = 'http://127.0.0.1:4567'
)
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc');

-- Declared columns are a subset of the schema's; their types are the schema's.
CREATE TABLE demo_avro_subset (
    id bigint,
    price numeric,
    name varchar,
    PRIMARY KEY (id)
)
WITH (
    connector = 'kinesis',
    stream = 'demo',
    aws.region = 'us-east-1'
)
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc');

-- Temporal types.
CREATE SOURCE times
WITH (connector = 'kinesis', stream = 'times', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/times.avsc');
