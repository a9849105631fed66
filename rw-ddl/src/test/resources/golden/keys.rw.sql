-- A table's key is kept: the Flink source emits an upsert changelog.
CREATE TABLE t_key (id bigint, name varchar, PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- The key as a column constraint.
CREATE TABLE t_column_key (id bigint PRIMARY KEY, name varchar)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- A composite key.
CREATE TABLE t_composite (region varchar, id bigint, v double precision, PRIMARY KEY (region, id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- A source's key is not applied by RisingWave: it becomes a comment.
CREATE SOURCE s_key (id bigint, name varchar, PRIMARY KEY (id))
WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', subject = 'a', connect_mode = 'plain')
FORMAT PLAIN ENCODE JSON;

-- A table without a key: append-only in both.
CREATE TABLE t_no_key (id bigint) APPEND ONLY
WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', subject = 'a', connect_mode = 'plain')
FORMAT PLAIN ENCODE JSON;

-- RisingWave's old name for a table with a connector.
CREATE MATERIALIZED SOURCE m_key (id bigint PRIMARY KEY)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
ROW FORMAT JSON;

-- A key on an INCLUDE column (RisingWave's upsert pattern): Flink keys payload columns only.
CREATE TABLE t_include_key (v varchar, PRIMARY KEY (k))
INCLUDE key AS k
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- A key on a column that does not exist.
CREATE TABLE t_bad_key (id bigint, PRIMARY KEY (nope))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- A key with the columns derived from the schema.
CREATE TABLE t_avro_key (PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc');

-- Conflict handling other than overwrite has no equivalent.
CREATE TABLE t_conflict (id bigint PRIMARY KEY, v varchar) ON CONFLICT DO NOTHING
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

CREATE TABLE t_overwrite (id bigint PRIMARY KEY, v varchar) ON CONFLICT DO UPDATE FULL
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;
