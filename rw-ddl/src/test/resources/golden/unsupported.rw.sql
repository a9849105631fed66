-- Each feature with no equivalent, reported with its line.

-- Another connector.
CREATE SOURCE from_kafka (id bigint)
WITH (connector = 'kafka', topic = 't', properties.bootstrap.server = 'localhost:9092')
FORMAT PLAIN ENCODE JSON;

-- No connector at all.
CREATE TABLE plain_table (id bigint);

-- FORMAT UPSERT, new and legacy syntax.
CREATE TABLE upserts (id bigint, PRIMARY KEY (k))
INCLUDE key AS k
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT UPSERT ENCODE JSON;

CREATE TABLE upserts_legacy (id bigint, PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
ROW FORMAT UPSERT_JSON;

-- FORMAT DEBEZIUM.
CREATE TABLE cdc (id bigint, PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT DEBEZIUM ENCODE JSON;

-- A schema registry, new and legacy syntax.
CREATE SOURCE registry_new
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.registry = 'http://registry:8081');

CREATE SOURCE registry_legacy
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
ROW FORMAT PROTOBUF MESSAGE 'm.M' ROW SCHEMA LOCATION CONFLUENT SCHEMA REGISTRY 'http://registry:8081';

-- CSV.
CREATE SOURCE csv_source (a varchar, b varchar)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
ROW FORMAT CSV WITHOUT HEADER DELIMITED BY ',';

-- Options the connector does not have (dropped), and ones RisingWave ignores too (a note).
CREATE SOURCE odd_options (id bigint)
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'a',
    connect_mode = 'user_and_password',
    username = 'reader',
    password = 'not-this-one',
    consumer.rate_limit = 100,
    consumer.deliver_policy = 'all',
    no.such.option = 'x'
)
FORMAT PLAIN ENCODE JSON;

-- Secrets and connections live in RisingWave's catalog.
CREATE SOURCE with_secret (id bigint)
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'a',
    connect_mode = 'user_and_password',
    username = 'reader',
    password = SECRET nats_password
)
FORMAT PLAIN ENCODE JSON;

-- ENCODE options the format does not have, and a JSON Schema location.
CREATE SOURCE proto_jsonb
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE PROTOBUF (
    message = 'risingwave.demo.main_message',
    schema.location = '${SCHEMAS}/demo.proto',
    messages_as_jsonb = 'google.protobuf.Struct'
);

CREATE SOURCE json_schema (id bigint)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON (schema.location = 'http://schemas/s.json');

-- Column features: generated columns, defaults, watermarks, types without an equivalent.
CREATE TABLE column_features (
    id bigint,
    ts timestamptz,
    doubled AS id * 2,
    label varchar DEFAULT 'none',
    big rw_int256,
    WATERMARK FOR ts AS ts - INTERVAL '5 SECONDS'
)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- Columns an Avro schema does not have; a schema that cannot be read.
CREATE SOURCE avro_missing_column (id bigint, nope varchar)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc');

CREATE SOURCE avro_unreadable
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/missing.avsc');

-- JSON needs declared columns.
CREATE SOURCE json_without_columns
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- Other change formats, and a key encode.
CREATE TABLE maxwell (id bigint, PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
ROW FORMAT MAXWELL;

CREATE TABLE canal (id bigint, PRIMARY KEY (id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT CANAL ENCODE JSON;

CREATE TABLE mongo (_id varchar, payload jsonb, PRIMARY KEY (_id))
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT DEBEZIUM_MONGO ENCODE JSON;

CREATE TABLE upsert_avro (PRIMARY KEY (k))
INCLUDE key AS k
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT UPSERT ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc') KEY ENCODE TEXT;

-- Table features of RisingWave's storage.
CREATE TABLE stored (
    id bigint PRIMARY KEY,
    version bigint,
    email varchar,
    UNIQUE (email)
)
WITH VERSION COLUMN (version)
ENGINE = iceberg
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1', connection = my_connection)
FORMAT PLAIN ENCODE JSON;

-- CREATE TABLE AS a query.
CREATE TABLE copied AS SELECT * FROM upserts;

-- Other statements are not translated.
CREATE MATERIALIZED VIEW mv AS SELECT count(*) FROM upserts;
