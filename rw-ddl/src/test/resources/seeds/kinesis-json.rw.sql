-- The seed's JSON example (create-source-kinesis.md).

-- As documented, with the servers replaced.
CREATE TABLE IF NOT EXISTS kinesis_json_table (
   column1 varchar,
   column2 integer,
) 
WITH (
   connector='kinesis',
   stream='${KINESIS_STREAM}',
   aws.region='${AWS_REGION}',
   endpoint='${KINESIS_ENDPOINT}',
   aws.credentials.session_token='AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/L To6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3z rkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtp Z3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE',
   aws.credentials.role.arn='arn:aws-cn:iam::602389639824:role/demo_role',
   aws.credentials.role.external_id='demo_external_id'
) 
ROW FORMAT JSON;

-- As documented, with the servers replaced.
CREATE SOURCE kinesis_json_source (
   column1 varchar,
   column2 integer,
) 
WITH (
   connector='kinesis',
   stream='${KINESIS_STREAM}',
   aws.region='${AWS_REGION}',
   endpoint='${KINESIS_ENDPOINT}',
   aws.credentials.session_token='AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/L To6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3z rkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtp Z3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE',
   aws.credentials.role.arn='arn:aws-cn:iam::602389639824:role/demo_role',
   aws.credentials.role.external_id='demo_external_id'
) 
ROW FORMAT JSON;

-- Runnable against kinesis-local: the emulator's static keys instead of the token and role.
CREATE TABLE kinesis_json_table_runnable (
   column1 varchar,
   column2 integer,
) 
WITH (
   connector='kinesis',
   stream='${KINESIS_STREAM}',
   aws.region='${AWS_REGION}',
   endpoint='${KINESIS_ENDPOINT}',
   aws.credentials.access_key_id='${AWS_ACCESS_KEY_ID}',
   aws.credentials.secret_access_key='${AWS_SECRET_ACCESS_KEY}'
) 
ROW FORMAT JSON;

-- Runnable against kinesis-local: the emulator's static keys instead of the token and role.
CREATE SOURCE IF NOT EXISTS kinesis_json_source_runnable (
   column1 varchar,
   column2 integer,
) 
WITH (
   connector='kinesis',
   stream='${KINESIS_STREAM}',
   aws.region='${AWS_REGION}',
   endpoint='${KINESIS_ENDPOINT}',
   aws.credentials.access_key_id='${AWS_ACCESS_KEY_ID}',
   aws.credentials.secret_access_key='${AWS_SECRET_ACCESS_KEY}'
) 
ROW FORMAT JSON;
