-- RisingWave CREATE TABLE kinesis_avro_table (line 4)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- note (line 10): 'aws.credentials.session_token' = '******' is dropped: RisingWave uses a session
--   token only with the static keys 'aws.credentials.access_key_id' and
--   'aws.credentials.secret_access_key'; without them it signs with the default credential chain,
--   and so does the kinesis connector (which refuses a session token without static keys)
CREATE TABLE IF NOT EXISTS kinesis_avro_table (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.role.arn' = 'arn:aws-cn:iam::602389639824:role/demo_role',
  'aws.credentials.role.external_id' = 'demo_external_id',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMA_BASE}/demo.avsc'
);

-- RisingWave CREATE SOURCE kinesis_avro_source (line 18)
-- note (line 24): 'aws.credentials.session_token' = '******' is dropped: RisingWave uses a session
--   token only with the static keys 'aws.credentials.access_key_id' and
--   'aws.credentials.secret_access_key'; without them it signs with the default credential chain,
--   and so does the kinesis connector (which refuses a session token without static keys)
CREATE TABLE kinesis_avro_source (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.role.arn' = 'arn:aws-cn:iam::602389639824:role/demo_role',
  'aws.credentials.role.external_id' = 'demo_external_id',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMA_BASE}/demo.avsc'
);

-- RisingWave CREATE TABLE kinesis_avro_table_runnable (line 32)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
CREATE TABLE kinesis_avro_table_runnable (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.access_key_id' = '${AWS_ACCESS_KEY_ID}',
  'aws.credentials.secret_access_key' = '${AWS_SECRET_ACCESS_KEY}',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMA_BASE}/demo.avsc'
);

-- RisingWave CREATE SOURCE kinesis_avro_source_runnable (line 45)
CREATE TABLE IF NOT EXISTS kinesis_avro_source_runnable (
  id BIGINT,
  name STRING,
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  created_at TIMESTAMP_LTZ(3),
  address ROW<`city` STRING, `zip` STRING>,
  attributes MAP<STRING, INT>
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.access_key_id' = '${AWS_ACCESS_KEY_ID}',
  'aws.credentials.secret_access_key' = '${AWS_SECRET_ACCESS_KEY}',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMA_BASE}/demo.avsc'
);
