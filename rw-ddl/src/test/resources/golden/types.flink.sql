-- RisingWave CREATE SOURCE all_types (line 2)
-- note (line 18): column c_numeric: numeric → DECIMAL(38, 10): RisingWave's numeric has no fixed
--   scale; declare numeric(p, s) to choose one
-- note (line 22): column c_character_varying: character varying(10) → STRING: the length is not
--   kept
-- note (line 26): column c_time: time → TIME(3): Flink's TIME keeps milliseconds (RisingWave:
--   microseconds)
-- note (line 27): column c_time_without: time without time zone → TIME(3): Flink's TIME keeps
--   milliseconds (RisingWave: microseconds)
-- note (line 32): column c_interval: interval → STRING: a Flink table cannot declare an INTERVAL
--   column; the column holds the interval's text
-- note (line 33): column c_jsonb: jsonb → STRING: Flink has no JSON type; rw-json gives objects and
--   arrays as their JSON text
-- note (line 39): column c_vector: vector(3) → ARRAY<FLOAT>: the length is not checked
CREATE TABLE all_types (
  c_boolean BOOLEAN,
  c_bool BOOLEAN,
  c_smallint SMALLINT,
  c_int2 SMALLINT,
  c_integer INT,
  c_int INT,
  c_int4 INT,
  c_bigint BIGINT,
  c_int8 BIGINT,
  c_real FLOAT,
  c_float4 FLOAT,
  c_double DOUBLE,
  c_float8 DOUBLE,
  c_float DOUBLE,
  c_float_10 FLOAT,
  c_numeric DECIMAL(38, 10),
  c_decimal DECIMAL(20, 4),
  c_numeric_p DECIMAL(12, 0),
  c_varchar STRING,
  c_character_varying STRING,
  c_text STRING,
  c_bytea BYTES,
  c_date DATE,
  c_time TIME(3),
  c_time_without TIME(3),
  c_timestamp TIMESTAMP(6),
  c_timestamp_3 TIMESTAMP(3),
  c_timestamptz TIMESTAMP_LTZ(6),
  c_timestamp_with TIMESTAMP_LTZ(6),
  c_interval STRING,
  c_jsonb STRING,
  c_struct ROW<`a` INT, `b` ROW<`c` STRING, `D` TIMESTAMP_LTZ(6)>>,
  c_array ARRAY<INT>,
  c_array_2d ARRAY<ARRAY<STRING>>,
  c_struct_array ARRAY<ROW<`x` DOUBLE>>,
  c_map MAP<STRING, BIGINT>,
  c_vector ARRAY<FLOAT>,
  `Quoted Name` STRING,
  `select` INT,
  upper_case INT,
  c_not_null BIGINT NOT NULL
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE no_equivalent (line 49)
-- unsupported (line 51): the column c_serial is dropped: serial (RisingWave's generated row id) has
--   no Flink equivalent
-- unsupported (line 52): the column c_timetz is dropped: time with time zone has no Flink
--   equivalent (RisingWave has none either)
-- unsupported (line 53): the column c_int256 is dropped: rw_int256 has no Flink equivalent (DECIMAL
--   holds 38 digits)
-- unsupported (line 54): the column c_wide is dropped: numeric(40, 2) has no Flink equivalent:
--   DECIMAL takes a precision of 1 to 38 and a scale of at most the precision
CREATE TABLE no_equivalent (
  id BIGINT
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE raw_bytes (line 60)
CREATE TABLE raw_bytes (
  data BYTES,
  _rw_nats_partition STRING METADATA FROM 'partition' VIRTUAL
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a',
  'connect_mode' = 'plain',
  'format' = 'raw'
);

-- RisingWave CREATE SOURCE raw_two_columns (line 65): not translated
-- error (line 67): FORMAT PLAIN ENCODE BYTES reads each message into one column (declare one bytea
--   column); Flink's 'raw' format does the same
