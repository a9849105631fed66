-- RisingWave CREATE TABLE kinesis_json_table (line 4)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- note (line 13): 'aws.credentials.session_token' = '******' is dropped: RisingWave uses a session
--   token only with the static keys 'aws.credentials.access_key_id' and
--   'aws.credentials.secret_access_key'; without them it signs with the default credential chain,
--   and so does the kinesis connector (which refuses a session token without static keys)
CREATE TABLE IF NOT EXISTS kinesis_json_table (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.role.arn' = 'arn:aws-cn:iam::602389639824:role/demo_role',
  'aws.credentials.role.external_id' = 'demo_external_id',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE kinesis_json_source (line 20)
-- note (line 29): 'aws.credentials.session_token' = '******' is dropped: RisingWave uses a session
--   token only with the static keys 'aws.credentials.access_key_id' and
--   'aws.credentials.secret_access_key'; without them it signs with the default credential chain,
--   and so does the kinesis connector (which refuses a session token without static keys)
CREATE TABLE kinesis_json_source (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.role.arn' = 'arn:aws-cn:iam::602389639824:role/demo_role',
  'aws.credentials.role.external_id' = 'demo_external_id',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE kinesis_json_table_runnable (line 36)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
CREATE TABLE kinesis_json_table_runnable (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.access_key_id' = '${AWS_ACCESS_KEY_ID}',
  'aws.credentials.secret_access_key' = '${AWS_SECRET_ACCESS_KEY}',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE kinesis_json_source_runnable (line 51)
CREATE TABLE IF NOT EXISTS kinesis_json_source_runnable (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'kinesis',
  'stream' = '${KINESIS_STREAM}',
  'aws.region' = '${AWS_REGION}',
  'endpoint' = '${KINESIS_ENDPOINT}',
  'aws.credentials.access_key_id' = '${AWS_ACCESS_KEY_ID}',
  'aws.credentials.secret_access_key' = '${AWS_SECRET_ACCESS_KEY}',
  'format' = 'rw-json'
);
