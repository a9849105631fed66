-- Orders in the three formats on three NATS subjects (${subject}.json, .avro, .protobuf), read up
-- to the last message the stream holds at the start (scan.bounded.mode = latest), the Avro and
-- Protobuf schemas fetched over HTTP from ${schemas}. One job writes every order with its format
-- and subject as CSV to ${output}.
SET 'pipeline.name' = 'nats-formats';

CREATE TABLE orders_json (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    subject STRING METADATA VIRTUAL
) WITH (
    'connector' = 'nats',
    'server_url' = '${nats-url}',
    'subject' = '${subject}.json',
    'connect_mode' = 'plain',
    'scan.bounded.mode' = 'latest',
    'format' = 'rw-json'
);

CREATE TABLE orders_avro (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    subject STRING METADATA VIRTUAL
) WITH (
    'connector' = 'nats',
    'server_url' = '${nats-url}',
    'subject' = '${subject}.avro',
    'connect_mode' = 'plain',
    'scan.bounded.mode' = 'latest',
    'format' = 'rw-avro',
    'rw-avro.schema.location' = '${schemas}/order.avsc'
);

CREATE TABLE orders_protobuf (
    id BIGINT,
    customer STRING,
    amount DOUBLE,
    address ROW<city STRING>,
    subject STRING METADATA VIRTUAL
) WITH (
    'connector' = 'nats-rw',
    'server_url' = '${nats-url}',
    'subject' = '${subject}.protobuf',
    'connect_mode' = 'plain',
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
SELECT 'json', id, customer, amount, address.city, subject FROM orders_json
UNION ALL
SELECT 'avro', id, customer, amount, address.city, subject FROM orders_avro
UNION ALL
SELECT 'protobuf', id, customer, amount, address.city, subject FROM orders_protobuf;
