-- RisingWave CREATE SOURCE from_kafka (line 4): not translated
-- unsupported (line 5): connector 'kafka' is not covered: this tool translates the 'kinesis' and
--   'nats' connectors

-- RisingWave CREATE TABLE plain_table (line 9): not translated
-- error (line 9): no 'connector' option: only tables and sources with a connector ('kinesis' or
--   'nats') translate
-- error (line 9): no format: a source needs FORMAT ... ENCODE ... (or the legacy ROW FORMAT ...)

-- RisingWave CREATE TABLE upserts (line 12): not translated
-- unsupported (line 15): FORMAT UPSERT ENCODE JSON has no equivalent: the connectors read plain
--   records. The nearest is FORMAT PLAIN with a PRIMARY KEY on payload columns (a newer record
--   replaces an older one with the same key), but an empty payload is not a delete and the key is
--   not read from the record key

-- RisingWave CREATE TABLE upserts_legacy (line 17): not translated
-- unsupported (line 19): ROW FORMAT UPSERT_JSON has no equivalent: the connectors read plain
--   records. The nearest is FORMAT PLAIN with a PRIMARY KEY on payload columns (a newer record
--   replaces an older one with the same key), but an empty payload is not a delete and the key is
--   not read from the record key

-- RisingWave CREATE TABLE cdc (line 22): not translated
-- unsupported (line 24): FORMAT DEBEZIUM ENCODE JSON has no equivalent among the translated
--   formats; Flink's own 'debezium-json' format is the nearest (Flink's decoding rules, not
--   RisingWave's)

-- RisingWave CREATE SOURCE registry_new (line 27): not translated
-- unsupported (line 29): a schema registry (ENCODE AVRO): the formats read a schema from a location
--   (file://, http(s)://, s3://); RisingWave allows a registry only with Kafka

-- RisingWave CREATE SOURCE registry_legacy (line 31): not translated
-- unsupported (line 33): a schema registry (ROW FORMAT PROTOBUF): the formats read a schema from a
--   location (file://, http(s)://, s3://); RisingWave allows a registry only with Kafka

-- RisingWave CREATE SOURCE csv_source (line 36): not translated
-- unsupported (line 38): ROW FORMAT CSV has no equivalent among the translated formats; Flink's own
--   'csv' format is the nearest (without RisingWave's header handling)

-- RisingWave CREATE SOURCE odd_options (line 41)
-- unsupported (line 49): 'consumer.rate_limit' = '100' is dropped: the nats connector has no such
--   option (NATS applies a rate limit only to push consumers, and the source pulls)
-- note (line 50): 'consumer.deliver_policy' = 'all' is dropped: RisingWave ignores it too: where
--   reading starts is set by 'scan.startup.mode'
-- unsupported (line 51): 'no.such.option' = 'x' is dropped: the nats connector has no such option
CREATE TABLE odd_options (
  id BIGINT
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a',
  'connect_mode' = 'user_and_password',
  'username' = 'reader',
  'password' = 'not-this-one',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE with_secret (line 56)
-- unsupported (line 63): 'password' = SECRET nats_password: Flink has no secret store; replace the
--   placeholder with the value
CREATE TABLE with_secret (
  id BIGINT
) WITH (
  'connector' = 'nats',
  'server_url' = 'nats://127.0.0.1:4222',
  'subject' = 'a',
  'connect_mode' = 'user_and_password',
  'username' = 'reader',
  'password' = '<SECRET nats_password>',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE proto_jsonb (line 68)
-- unsupported (line 73): the option 'messages_as_jsonb' = 'google.protobuf.Struct' of ENCODE
--   PROTOBUF has no equivalent in rw-protobuf; it is dropped
CREATE TABLE proto_jsonb (
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
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-protobuf',
  'rw-protobuf.message' = 'risingwave.demo.main_message',
  'rw-protobuf.schema.location' = '${SCHEMAS}/demo.proto'
);

-- RisingWave CREATE SOURCE json_schema (line 76)
-- unsupported (line 78): a JSON Schema location (ENCODE JSON) has no equivalent: rw-json takes the
--   declared columns; the location is dropped
CREATE TABLE json_schema (
  id BIGINT
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE column_features (line 81)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- unsupported (line 84): the generated column doubled AS id * 2 is dropped: add it as a Flink
--   computed column (`name` AS expression; Flink's functions differ)
-- unsupported (line 85): DEFAULT 'none' of the column label is dropped: a Flink source column has
--   no default
-- unsupported (line 86): the column big is dropped: rw_int256 has no Flink equivalent (DECIMAL
--   holds 38 digits)
-- unsupported (line 87): WATERMARK FOR ts AS ts - INTERVAL '5 SECONDS' is dropped: write Flink's
--   WATERMARK FOR clause (its column must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), and interval
--   literals are written INTERVAL '5' SECOND)
CREATE TABLE column_features (
  id BIGINT,
  ts TIMESTAMP_LTZ(6),
  label STRING
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE SOURCE avro_missing_column (line 93)
-- error (line 93): the column nope is not in the schema, so it is dropped. The schema implies:
--   `id` BIGINT,
--   `name` STRING,
--   `price` DECIMAL(10, 2),
--   `tags` ARRAY<STRING>,
--   `created_at` TIMESTAMP_LTZ(3),
--   `address` ROW<`city` STRING, `zip` STRING>,
--   `attributes` MAP<STRING, INT>
CREATE TABLE avro_missing_column (
  id BIGINT
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-avro',
  'rw-avro.schema.location' = '${SCHEMAS}/demo.avsc'
);

-- RisingWave CREATE SOURCE avro_unreadable (line 97): not translated
-- error (line 99): the columns cannot be derived from the schema: rw-avro: schema not found at
--   ${SCHEMAS}/missing.avsc (no such file)

-- RisingWave CREATE SOURCE json_without_columns (line 102): not translated
-- error (line 102): FORMAT PLAIN ENCODE JSON needs the columns declared: only AVRO and PROTOBUF
--   take them from a schema

-- RisingWave CREATE TABLE maxwell (line 107): not translated
-- unsupported (line 109): ROW FORMAT MAXWELL has no equivalent among the translated formats;
--   Flink's own 'maxwell-json' format is the nearest

-- RisingWave CREATE TABLE canal (line 111): not translated
-- unsupported (line 113): FORMAT CANAL ENCODE JSON has no equivalent among the translated formats;
--   Flink's own 'canal-json' format is the nearest

-- RisingWave CREATE TABLE mongo (line 115): not translated
-- unsupported (line 117): FORMAT DEBEZIUM_MONGO ENCODE JSON has no equivalent: the connectors read
--   FORMAT PLAIN ENCODE JSON | AVRO | PROTOBUF | BYTES

-- RisingWave CREATE TABLE upsert_avro (line 119): not translated
-- unsupported (line 122): FORMAT UPSERT ENCODE AVRO has no equivalent: the connectors read plain
--   records. The nearest is FORMAT PLAIN with a PRIMARY KEY on payload columns (a newer record
--   replaces an older one with the same key), but an empty payload is not a delete and the key is
--   not read from the record key
-- unsupported (line 122): KEY ENCODE TEXT has no equivalent: the connectors decode the payload only

-- RisingWave CREATE TABLE stored (line 125)
-- RisingWave's CREATE TABLE stores the rows it reads; a Flink table stores nothing: each query
--   reads the stream from 'scan.startup.mode'.
-- With the PRIMARY KEY a newer record replaces the older one with the same key (an upsert
--   changelog), as in RisingWave's table (ON CONFLICT OVERWRITE).
-- unsupported (line 129): the constraint UNIQUE (email) is dropped: Flink declares only PRIMARY KEY
-- unsupported (line 131): WITH VERSION COLUMN (version) has no equivalent: the newest record per
--   key wins
-- unsupported (line 132): ENGINE = iceberg (RisingWave's table storage) has no equivalent
-- unsupported (line 133): 'connection' = my_connection: a RisingWave CONNECTION has no equivalent;
--   write its settings as options
CREATE TABLE stored (
  id BIGINT,
  version BIGINT,
  email STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kinesis',
  'stream' = 's',
  'aws.region' = 'us-east-1',
  'format' = 'rw-json'
);

-- RisingWave CREATE TABLE copied (line 137): not translated
-- unsupported (line 137): CREATE ... AS a query is not a source: only tables and sources with a
--   connector translate

-- RisingWave CREATE MATERIALIZED VIEW (line 140): not translated
-- unsupported (line 140): CREATE MATERIALIZED VIEW is not translated: only CREATE TABLE and CREATE
--   SOURCE are
