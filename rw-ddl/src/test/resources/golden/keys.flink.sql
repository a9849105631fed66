-- RisingWave CREATE TABLE t_key (line 2)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE t_key (
  id BIGINT,
  name STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_column_key (line 7)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE t_column_key (
  id BIGINT,
  name STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_composite (line 12)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE t_composite (
  region STRING,
  id BIGINT,
  v DOUBLE,
  PRIMARY KEY (region, id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE s_key (line 17)
-- RisingWave's CREATE SOURCE does not apply its primary key: every record is an insert. With the
--   key this Flink table would be an upsert changelog (RisingWave's CREATE TABLE), so the key is a
--   comment at the end of the column list: uncomment it to get that.
CREATE TABLE s_key (
  id BIGINT,
  name STRING
  -- , PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a',
  'connect_mode' = 'plain',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_no_key (line 22)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
CREATE TABLE t_no_key (
  id BIGINT
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a',
  'connect_mode' = 'plain',
  'format' = 'rw-json'
);

-- RisingWave CREATE MATERIALIZED SOURCE m_key (line 27)
-- RisingWave's CREATE MATERIALIZED SOURCE stores the rows it reads; a Flink table stores nothing:
--   each query reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE m_key (
  id BIGINT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_include_key (line 32)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- unsupported (line 32): the PRIMARY KEY is dropped: it names the INCLUDE column k, and Flink keys
--   only payload columns
CREATE TABLE t_include_key (
  v STRING,
  k BYTES METADATA FROM 'key' VIRTUAL
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_bad_key (line 38)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- error (line 38): the PRIMARY KEY is dropped: it names nope, which is no column
CREATE TABLE t_bad_key (
  id BIGINT
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_avro_key (line 43)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE t_avro_key (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/demo.avsc'
);

-- RisingWave CREATE TABLE t_conflict (line 48)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
-- unsupported (line 48): ON CONFLICT DO NOTHING has no equivalent: with a PRIMARY KEY the Flink
--   table keeps the newest record per key (ON CONFLICT OVERWRITE)
CREATE TABLE t_conflict (
  id BIGINT,
  v STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE t_overwrite (line 52)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE t_overwrite (
  id BIGINT,
  v STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);
