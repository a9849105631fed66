-- Every INCLUDE the kinesis connector has, with and without AS.
CREATE SOURCE kinesis_meta (
    id bigint
)
INCLUDE key AS partition_key
INCLUDE partition
INCLUDE offset AS seq
INCLUDE timestamp AS arrived_at
INCLUDE payload
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- Every INCLUDE the nats connector has (RisingWave has no timestamp and headers for NATS).
CREATE TABLE nats_meta (id bigint)
INCLUDE subject
INCLUDE partition AS split
INCLUDE offset
INCLUDE timestamp AS "publishedAt"
INCLUDE headers
INCLUDE payload AS raw
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'a.b',
    connect_mode = 'plain'
)
FORMAT PLAIN ENCODE JSON;

-- What the connector does not have is dropped and reported.
CREATE SOURCE kinesis_header (id bigint)
INCLUDE header 'trace-id' varchar AS trace
INCLUDE subject
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

CREATE SOURCE nats_header (id bigint)
INCLUDE header
INCLUDE key
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'a.b',
    connect_mode = 'plain'
)
FORMAT PLAIN ENCODE JSON;

-- INCLUDE with columns derived from a schema.
CREATE SOURCE avro_meta
INCLUDE key AS k
INCLUDE timestamp
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE AVRO (schema.location = '${SCHEMAS}/demo.avsc');
