-- Orders in the three formats on three Kinesis streams (${stream}-json, -avro, -protobuf), read
-- from the oldest record up to the last one each shard holds at the start (scan.bounded.mode =
-- latest), the Avro and Protobuf schemas fetched over HTTP from ${schemas}. The JSON stream is read
-- with enhanced fan-out (SubscribeToShard over HTTP/2, the relocated Netty client), the others by
-- polling. One job writes every order with its format and partition key as CSV to ${output}.
SET 'pipeline.name' = 'kinesis-formats';

CREATE TABLE orders_json (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    pkey STRING METADATA FROM 'key' VIRTUAL
) WITH (
    'connector' = 'kinesis',
    'stream' = '${stream}-json',
    'aws.region' = '${region}',
    'endpoint' = '${endpoint}',
    'aws.credentials.access_key_id' = '${access-key}',
    'aws.credentials.secret_access_key' = '${secret-key}',
    'scan.startup.mode' = 'earliest',
    'scan.bounded.mode' = 'latest',
    'kinesis.reader.type' = 'efo',
    'kinesis.efo.consumer_name' = 'e2e-orders-json',
    'format' = 'rw-json'
);

CREATE TABLE orders_avro (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    pkey STRING METADATA FROM 'key' VIRTUAL
) WITH (
    'connector' = 'kinesis',
    'stream' = '${stream}-avro',
    'aws.region' = '${region}',
    'endpoint' = '${endpoint}',
    'aws.credentials.access_key_id' = '${access-key}',
    'aws.credentials.secret_access_key' = '${secret-key}',
    'scan.startup.mode' = 'earliest',
    'scan.bounded.mode' = 'latest',
    'format' = 'rw-avro',
    'rw-avro.schema.location' = '${schemas}/order.avsc'
);

CREATE TABLE orders_protobuf (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    pkey STRING METADATA FROM 'key' VIRTUAL
) WITH (
    'connector' = 'kinesis-rw',
    'stream' = '${stream}-protobuf',
    'aws.region' = '${region}',
    'endpoint' = '${endpoint}',
    'aws.credentials.access_key_id' = '${access-key}',
    'aws.credentials.secret_access_key' = '${secret-key}',
    'scan.startup.mode' = 'earliest',
    'scan.bounded.mode' = 'latest',
    'format' = 'rw-protobuf',
    'rw-protobuf.schema.location' = '${schemas}/e2e/order.proto',
    'rw-protobuf.message' = 'e2e.Order'
);

CREATE TABLE decoded (
    format STRING,
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    city STRING,
    origin STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${output}',
    'format' = 'csv'
);

INSERT INTO decoded
SELECT 'json', id, customer, amount, address.city, pkey FROM orders_json
UNION ALL
SELECT 'avro', id, customer, amount, address.city, pkey FROM orders_avro
UNION ALL
SELECT 'protobuf', id, customer, amount, address.city, pkey FROM orders_protobuf;
