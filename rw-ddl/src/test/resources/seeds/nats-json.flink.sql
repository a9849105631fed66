-- RisingWave CREATE TABLE nats_plain_table (line 6)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
CREATE TABLE IF NOT EXISTS nats_plain_table (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'nats',
  'server_url' = '${NATS_URL}',
  'subject' = '${NATS_SUBJECT}',
  'connect_mode' = 'plain',
  'scan.startup.mode' = 'earliest',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE nats_user_password_source (line 24)
-- RisingWave's CREATE SOURCE does not apply its primary key: every record is an insert. With the
--   key this Flink table would be an upsert changelog (RisingWave's CREATE TABLE), so the key is a
--   comment at the end of the column list: uncomment it to get that.
CREATE TABLE nats_user_password_source (
  column1 STRING,
  column2 INT
  -- , PRIMARY KEY (column1) NOT ENFORCED
) WITH (
  'connector' = 'nats',
  'server_url' = '${NATS_URL}',
  'subject' = '${NATS_SUBJECT}',
  'connect_mode' = 'user_and_password',
  'username' = '${NATS_USER}',
  'password' = '${NATS_PASSWORD}',
  'scan.startup.mode' = 'timestamp_millis',
  'scan.startup.timestamp_millis' = '${START_MILLIS}',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE nats_credential_table (line 46)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
CREATE TABLE nats_credential_table (
  column1 STRING,
  column2 INT,
  PRIMARY KEY (column1) NOT ENFORCED
) WITH (
  'connector' = 'nats',
  'server_url' = '${NATS_URL}',
  'subject' = '${NATS_SUBJECT}',
  'connect_mode' = 'credential',
  'jwt' = '${NATS_JWT}',
  'nkey' = '${NATS_NKEY}',
  'scan.startup.mode' = 'latest',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE nats_plain_source (line 67)
CREATE TABLE IF NOT EXISTS nats_plain_source (
  column1 STRING,
  column2 INT
) WITH (
  'connector' = 'nats',
  'server_url' = '${NATS_URL}',
  'subject' = '${NATS_SUBJECT}',
  'connect_mode' = 'plain',
  'format' = 'rw-json'
);
