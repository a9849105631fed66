-- JSON in RisingWave's new syntax (FORMAT ... ENCODE); json-legacy.rw.sql is the same in the old one.
CREATE TABLE IF NOT EXISTS orders (
    id bigint,
    customer varchar,
    amount numeric(10, 2),
    paid_at timestamptz,
    PRIMARY KEY (id)
)
WITH (
    connector = 'kinesis',
    stream = 'orders',
    aws.region = 'us-east-1',
    endpoint = 'http://127.0.0.1:4567'
)
FORMAT PLAIN ENCODE JSON;

CREATE SOURCE events (
    "subjectName" varchar,
    body jsonb,
    seen_at timestamp,
)
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'events.>',
    connect_mode = 'plain',
    scan.startup.mode = 'earliest'
)
FORMAT PLAIN ENCODE JSON;
