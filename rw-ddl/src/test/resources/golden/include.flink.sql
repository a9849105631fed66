-- RisingWave CREATE SOURCE kinesis_meta (line 2)
-- note (line 9): INCLUDE payload: RisingWave's payload column is jsonb; here it holds the record's
--   bytes (CAST it to STRING for the JSON text)
CREATE TABLE kinesis_meta (
  id BIGINT,
  partition_key BYTES METADATA FROM 'key' VIRTUAL,
  _rw_kinesis_partition STRING METADATA FROM 'partition' VIRTUAL,
  seq STRING METADATA FROM 'offset' VIRTUAL,
  arrived_at TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  _rw_kinesis_payload BYTES METADATA FROM 'payload' VIRTUAL
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE nats_meta (line 14)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- note (line 17): INCLUDE offset: RisingWave's offset column is the message's reply subject
--   (VARCHAR); here it is the JetStream stream sequence (BIGINT)
-- note (line 20): INCLUDE payload: RisingWave's payload column is jsonb; here it holds the
--   message's bytes (CAST it to STRING for the JSON text)
CREATE TABLE nats_meta (
  id BIGINT,
  _rw_nats_subject STRING METADATA FROM 'subject' VIRTUAL,
  split STRING METADATA FROM 'partition' VIRTUAL,
  _rw_nats_offset BIGINT METADATA FROM 'offset' VIRTUAL,
  publishedAt TIMESTAMP_LTZ(9) METADATA FROM 'timestamp' VIRTUAL,
  _rw_nats_headers MAP<STRING, ARRAY<STRING>> METADATA FROM 'headers' VIRTUAL,
  `raw` BYTES METADATA FROM 'payload' VIRTUAL
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a.b',
  'connect_mode' = 'plain',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE kinesis_header (line 30)
-- unsupported (line 31): INCLUDE header is dropped: the kinesis connector has no such metadata; it
--   has key, partition, offset, sub_sequence, timestamp, payload
-- unsupported (line 32): INCLUDE subject is dropped: the kinesis connector has no such metadata; it
--   has key, partition, offset, sub_sequence, timestamp, payload
CREATE TABLE kinesis_header (
  id BIGINT
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE nats_header (line 36)
-- unsupported (line 37): INCLUDE header is dropped: the nats connector has no such metadata; it has
--   subject, partition, offset, timestamp, headers, payload (its 'headers' column holds every
--   header)
-- unsupported (line 38): INCLUDE key is dropped: the nats connector has no such metadata; it has
--   subject, partition, offset, timestamp, headers, payload
CREATE TABLE nats_header (
  id BIGINT
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a.b',
  'connect_mode' = 'plain',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE avro_meta (line 48)
CREATE TABLE avro_meta (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>,
  k BYTES METADATA FROM 'key' VIRTUAL,
  _rw_kinesis_timestamp TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/demo.avsc'
);
