-- The syntax of create-source-nats.md, filled in once per connect mode. The page's template has
-- placeholders in angle brackets and backticks and misses commas; here each is a real value.
-- Columns: the page's schema_definition, as in the Kinesis page's JSON example.

-- connect_mode plain, from the earliest message.
CREATE TABLE IF NOT EXISTS nats_plain_table (
   column1 varchar,
   column2 integer,
)
WITH (
   connector='nats',
   server_url='${NATS_URL}',
   subject='${NATS_SUBJECT}',

-- optional parameters
   connect_mode='plain',

-- delivery parameters
   scan.startup.mode='earliest'
)
FORMAT PLAIN ENCODE JSON;

-- connect_mode user_and_password, from a timestamp (the page's timestamp_millis mode).
CREATE SOURCE nats_user_password_source (
   column1 varchar,
   column2 integer,
   PRIMARY KEY (column1)
)
WITH (
   connector='nats',
   server_url='${NATS_URL}',
   subject='${NATS_SUBJECT}',

-- optional parameters
   connect_mode='user_and_password',
   username='${NATS_USER}',
   password='${NATS_PASSWORD}',

-- delivery parameters
   scan.startup.mode='timestamp_millis',
   scan.startup.timestamp_millis='${START_MILLIS}',
)
FORMAT PLAIN ENCODE JSON;

-- connect_mode credential (JWT and NKey seed), from the latest message on.
CREATE TABLE nats_credential_table (
   column1 varchar,
   column2 integer,
   PRIMARY KEY (column1)
)
WITH (
   connector='nats',
   server_url='${NATS_URL}',
   subject='${NATS_SUBJECT}',

-- optional parameters
   connect_mode='credential',
   jwt='${NATS_JWT}',
   nkey='${NATS_NKEY}',

-- delivery parameters
   scan.startup.mode='latest'
)
FORMAT PLAIN ENCODE JSON;

-- A plain source, with IF NOT EXISTS.
CREATE SOURCE IF NOT EXISTS nats_plain_source (
   column1 varchar,
   column2 integer,
)
WITH (
   connector='nats',
   server_url='${NATS_URL}',
   subject='${NATS_SUBJECT}',
   connect_mode='plain'
)
FORMAT PLAIN ENCODE JSON;
