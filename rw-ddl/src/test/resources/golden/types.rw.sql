-- Every RisingWave type a column can declare, and the Flink type it becomes.
CREATE SOURCE all_types (
    c_boolean boolean,
    c_bool bool,
    c_smallint smallint,
    c_int2 int2,
    c_integer integer,
    c_int int,
    c_int4 int4,
    c_bigint bigint,
    c_int8 int8,
    c_real real,
    c_float4 float4,
    c_double double precision,
    c_float8 float8,
    c_float float,
    c_float_10 float(10),
    c_numeric numeric,
    c_decimal decimal(20, 4),
    c_numeric_p numeric(12),
    c_varchar varchar,
    c_character_varying character varying(10),
    c_text text,
    c_bytea bytea,
    c_date date,
    c_time time,
    c_time_without time without time zone,
    c_timestamp timestamp,
    c_timestamp_3 timestamp(3) without time zone,
    c_timestamptz timestamptz,
    c_timestamp_with timestamp with time zone,
    c_interval interval,
    c_jsonb jsonb,
    c_struct struct<a int, b struct<c varchar, "D" timestamptz>>,
    c_array int[],
    c_array_2d varchar[][],
    c_struct_array struct<x double>[],
    c_map map(varchar, bigint),
    c_vector vector(3),
    "Quoted Name" varchar,
    "select" int,
    UPPER_CASE int,
    c_not_null bigint NOT NULL
)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- Types without an equivalent drop their column.
CREATE SOURCE no_equivalent (
    id bigint,
    c_serial serial,
    c_timetz time with time zone,
    c_int256 rw_int256,
    c_wide numeric(40, 2)
)
WITH (connector = 'kinesis', stream = 's', aws.region = 'us-east-1')
FORMAT PLAIN ENCODE JSON;

-- ENCODE BYTES: the whole message in one bytea column, Flink's raw format.
CREATE SOURCE raw_bytes (data bytea)
INCLUDE partition
WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', subject = 'a', connect_mode = 'plain')
FORMAT PLAIN ENCODE BYTES;

CREATE SOURCE raw_two_columns (a bytea, b bytea)
WITH (connector = 'nats', server_url = 'nats://127.0.0.1:4222', subject = 'a', connect_mode = 'plain')
FORMAT PLAIN ENCODE BYTES;
