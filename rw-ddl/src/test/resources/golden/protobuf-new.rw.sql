-- Protobuf in the new syntax; protobuf-legacy.rw.sql is the same in the old one.
CREATE TABLE demo_protobuf
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'demo',
    connect_mode = 'plain'
)
FORMAT PLAIN ENCODE PROTOBUF (message = 'risingwave.demo.main_message', schema.location = '${SCHEMAS}/demo.proto');
