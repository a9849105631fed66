-- RisingWave CREATE TABLE demo_protobuf (line 2)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
CREATE TABLE demo_protobuf (
  id BIGINT,
  name STRING,
  price DOUBLE,
  tags ARRAY<STRING>,
  created_at ROW<`seconds` BIGINT, `nanos` INT>,
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>,
  status STRING,
  big DECIMAL(20, 0)
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'demo',
  'connect_mode' = 'plain',
  'format' = 'rw-protobuf',
  'rw-protobuf.message' = 'risingwave.demo.main_message',
  'rw-protobuf.schema.location' = '${SCHEMAS}/demo.proto'
);
