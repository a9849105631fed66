-- RisingWave CREATE TABLE orders (line 2)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE IF NOT EXISTS orders (
  id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  paid_at TIMESTAMP_LTZ(6),
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 'orders',
  'aws.region' = 'us-east-1',
  'endpoint' = 'http://127.0.0.1:4567',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE events (line 17)
-- note (line 19): column body: jsonb → STRING: Flink has no JSON type; rw-json gives objects and
--   arrays as their JSON text
CREATE TABLE events (
  subjectName STRING,
  body STRING,
  seen_at TIMESTAMP(6)
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'events.>',
  'connect_mode' = 'plain',
  'scan.startup.mode' = 'earliest',
  'format' = 'rw-json'
);
