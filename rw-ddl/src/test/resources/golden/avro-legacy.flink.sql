-- RisingWave CREATE SOURCE demo_avro (line 2)
CREATE TABLE demo_avro (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>
) WITH (
  'connector' = 'kinesis',
  'stream' = 'demo',
  'aws.region' = 'us-east-1',
  'endpoint' = 'http://127.0.0.1:4567',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/demo.avsc'
);

-- RisingWave CREATE TABLE demo_avro_subset (line 12)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
-- note (line 14): the column price is declared numeric; the schema's DECIMAL(10, 2) is used
CREATE TABLE demo_avro_subset (
  id BIGINT,
  price DECIMAL(10, 2),
  name STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 'demo',
  'aws.region' = 'us-east-1',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/demo.avsc'
);

-- RisingWave CREATE SOURCE times (line 26)
-- note (line 28): column t_micros: the schema's TIME has microseconds; Flink's TIME keeps
--   milliseconds (it reads TIME(6) as TIME(3))
CREATE TABLE times (
  t_millis TIME(3),
  t_micros TIME(6),
  ts_micros TIMESTAMP_LTZ(6),
  local_ts_micros TIMESTAMP(6),
  `day` DATE
) WITH (
  'connector' = 'kinesis',
  'stream' = 'times',
  'aws.region' = 'us-east-1',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/times.avsc'
);
