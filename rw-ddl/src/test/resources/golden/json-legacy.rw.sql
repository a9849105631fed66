-- JSON in RisingWave's legacy syntax (ROW FORMAT); json-new.rw.sql is the same in the new one.
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
ROW FORMAT JSON;

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
ROW FORMAT JSON;
