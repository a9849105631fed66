-- Protobuf in the legacy syntax; protobuf-new.rw.sql is the same in the new one.
CREATE TABLE demo_protobuf
WITH (
    connector = 'nats',
    server_url = 'nats://127.0.0.1:4222',
    subject = 'demo',
    connect_mode = 'plain'
)
ROW FORMAT PROTOBUF MESSAGE 'risingwave.demo.main_message' ROW SCHEMA LOCATION '${SCHEMAS}/demo.proto';
