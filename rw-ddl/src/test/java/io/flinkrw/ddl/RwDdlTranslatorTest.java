package io.flinkrw.ddl;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The translation rules that the golden files do not pin down on their own: ENCODE options to
 * format options (S3 keys included), what the column derivation is given, and findings.
 */
class RwDdlTranslatorTest {

    private static final RowType SCHEMA =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new BigIntType(),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new DecimalType(20, 0)
                    },
                    new String[] {"id", "name", "big"});

    /** What each derivation was asked for. */
    private final List<String> derivedFormats = new ArrayList<>();

    private final List<Map<String, String>> derivedOptions = new ArrayList<>();

    private final RwDdlTranslator translator =
            RwDdlTranslator.builder()
                    .deriver(
                            (format, options) -> {
                                derivedFormats.add(format);
                                derivedOptions.add(new LinkedHashMap<>(options));
                                return SCHEMA;
                            })
                    .build();

    @Test
    void passesEncodeOptionsAndTheirS3KeysToTheFormatUnderItsPrefix() {
        StatementTranslation translation =
                translateOne(
                        "CREATE SOURCE s WITH (connector = 'kinesis', stream = 's', aws.region ="
                                + " 'eu-west-1')\n"
                                + "FORMAT PLAIN ENCODE PROTOBUF (\n"
                                + "  message = 'shop.Order',\n"
                                + "  schema.location = 's3://bucket/shop.pb',\n"
                                + "  region = 'eu-west-1',\n"
                                + "  endpoint = 'http://127.0.0.1:9000',\n"
                                + "  access_key = 'AKIA',\n"
                                + "  secret_key = 'shh'\n"
                                + ");");

        assertThat(translation.table().options())
                .containsExactly(
                        entry("connector", "kinesis"),
                        entry("stream", "s"),
                        entry("aws.region", "eu-west-1"),
                        entry("format", "rw-protobuf"),
                        entry("rw-protobuf.message", "shop.Order"),
                        entry("rw-protobuf.schema.location", "s3://bucket/shop.pb"),
                        entry("rw-protobuf.region", "eu-west-1"),
                        entry("rw-protobuf.endpoint", "http://127.0.0.1:9000"),
                        entry("rw-protobuf.access_key", "AKIA"),
                        entry("rw-protobuf.secret_key", "shh"));
        assertThat(derivedFormats).containsExactly("rw-protobuf");
        assertThat(derivedOptions.get(0))
                .containsExactly(
                        entry("message", "shop.Order"),
                        entry("schema.location", "s3://bucket/shop.pb"),
                        entry("region", "eu-west-1"),
                        entry("endpoint", "http://127.0.0.1:9000"),
                        entry("access_key", "AKIA"),
                        entry("secret_key", "shh"));
        assertThat(translation.findings()).isEmpty();
    }

    @Test
    void notesThatALegacyS3LocationUsesTheDefaultAwsChains() {
        StatementTranslation translation =
                translateOne(
                        "CREATE SOURCE s WITH (connector = 'kinesis', stream = 's', aws.region ="
                                + " 'eu-west-1')\n"
                                + "ROW FORMAT AVRO ROW SCHEMA LOCATION 's3://bucket/s.avsc';");

        assertThat(translation.table().options())
                .containsEntry("rw-avro.schema.location", "s3://bucket/s.avsc");
        assertThat(translation.findings())
                .extracting(Finding::severity, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Severity.NOTE,
                                "the schema is on S3 and no ENCODE option says how to reach it:"
                                        + " rw-avro uses the default AWS region and credential"
                                        + " chains (add 'rw-avro.aws.region' and the credential"
                                        + " keys if needed)"));
    }

    @Test
    void passesJsonAndAvroOptionsAndChecksTheirValues() {
        StatementTranslation json =
                translateOne(
                        "CREATE SOURCE s (ts timestamptz) WITH (connector = 'kinesis', stream ="
                                + " 's', aws.region = 'r')\n"
                                + "FORMAT PLAIN ENCODE JSON (timestamptz.handling.mode ="
                                + " 'milli');");
        assertThat(json.table().options())
                .containsEntry("rw-json.timestamptz.handling.mode", "milli");
        assertThat(json.findings()).isEmpty();
        assertThat(derivedFormats).isEmpty();

        StatementTranslation wrong =
                translateOne(
                        "CREATE SOURCE s (ts timestamptz) WITH (connector = 'kinesis', stream ="
                                + " 's', aws.region = 'r')\n"
                                + "FORMAT PLAIN ENCODE JSON (timestamptz.handling.mode ="
                                + " 'hours');");
        assertThat(wrong.findings())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.severity()).isEqualTo(Severity.ERROR);
                            assertThat(f.position().line()).isEqualTo(2);
                            assertThat(f.message())
                                    .contains("rw-json.timestamptz.handling.mode")
                                    .contains("hours");
                        });

        StatementTranslation avro =
                translateOne(
                        "CREATE SOURCE s WITH (connector = 'nats', server_url = 'h:4222', subject"
                                + " = 's', connect_mode = 'plain')\n"
                                + "FORMAT PLAIN ENCODE AVRO (schema.location = 'http://h/s.avsc',"
                                + " with_deprecated_file_header = 'true', message = 'a.B');");
        assertThat(avro.table().options())
                .containsEntry("rw-avro.with_deprecated_file_header", "true")
                .containsEntry("rw-avro.message", "a.B");
    }

    @Test
    void takesDeclaredColumnsTypesFromTheSchema() {
        StatementTranslation translation =
                translateOne(
                        "CREATE TABLE t (big numeric NOT NULL, id bigint, PRIMARY KEY (id))\n"
                                + "WITH (connector = 'kinesis', stream = 's', aws.region = 'r')\n"
                                + "FORMAT PLAIN ENCODE AVRO (schema.location = 'http://h/s.avsc');");

        assertThat(translation.table().columns())
                .containsExactly(
                        FlinkColumn.physical("big", new DecimalType(false, 20, 0)),
                        FlinkColumn.physical("id", new BigIntType()));
        assertThat(translation.findings())
                .extracting(Finding::message)
                .containsExactly(
                        "the column big is declared numeric; the schema's DECIMAL(20, 0) is used");
    }

    @Test
    void reportsNamesOptionsAndColumnsThatClash() {
        StatementTranslation qualified =
                translateOne(
                        "CREATE SOURCE analytics.events (id int) WITH (connector = 'kinesis',"
                                + " stream = 's', stream = 't', aws.region = 'r') FORMAT PLAIN"
                                + " ENCODE JSON;");
        assertThat(qualified.table().name()).isEqualTo("events");
        assertThat(qualified.table().options()).containsEntry("stream", "s");
        assertThat(qualified.findings())
                .extracting(Finding::severity, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Severity.NOTE,
                                "the name analytics.events is qualified; the Flink table is"
                                        + " events in the current catalog and database"),
                        org.assertj.core.groups.Tuple.tuple(
                                Severity.ERROR, "'stream' is given twice: the first is kept"));

        StatementTranslation clash =
                translateOne(
                        "CREATE SOURCE s (k bytea) INCLUDE key AS k WITH (connector = 'kinesis',"
                                + " stream = 's', aws.region = 'r') FORMAT PLAIN ENCODE JSON;");
        assertThat(clash.translated()).isFalse();
        assertThat(clash.findings())
                .extracting(Finding::message)
                .containsExactly("two columns are named k (rename one with AS)");
    }

    /**
     * RisingWave uses a Kinesis session token only with static keys; the kinesis connector refuses
     * one without them. So it is kept with the keys (aliases count) and dropped, with a note and
     * masked, without them.
     */
    @Test
    void keepsAKinesisSessionTokenOnlyWithStaticKeys() {
        StatementTranslation withKeys =
                translateOne(
                        "CREATE SOURCE s (x int) WITH (connector = 'kinesis', stream = 's',"
                                + " aws.region = 'r', kinesis.credentials.access = 'AKIA',"
                                + " aws.credentials.secret_access_key = 'shh',"
                                + " aws.credentials.session_token = 'token-1') ROW FORMAT JSON;");
        StatementTranslation withoutKeys =
                translateOne(
                        "CREATE SOURCE s (x int) WITH (connector = 'kinesis', stream = 's',"
                                + " aws.region = 'r',\n"
                                + " kinesis.credentials.session_token = 'token-2',"
                                + " aws.credentials.role.arn = 'arn:aws:iam::1:role/r')"
                                + " ROW FORMAT JSON;");

        assertThat(withKeys.table().options())
                .containsEntry("aws.credentials.session_token", "token-1");
        assertThat(withKeys.findings()).isEmpty();
        assertThat(withoutKeys.table().options())
                .doesNotContainKeys(
                        "aws.credentials.session_token", "kinesis.credentials.session_token")
                .containsEntry("aws.credentials.role.arn", "arn:aws:iam::1:role/r");
        assertThat(withoutKeys.findings())
                .extracting(Finding::severity, f -> f.position().line(), Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Severity.NOTE,
                                2,
                                "'kinesis.credentials.session_token' = '******' is dropped:"
                                        + " RisingWave uses a session token only with the static"
                                        + " keys 'aws.credentials.access_key_id' and"
                                        + " 'aws.credentials.secret_access_key'; without them it"
                                        + " signs with the default credential chain, and so does"
                                        + " the kinesis connector (which refuses a session token"
                                        + " without static keys)"));
    }

    @Test
    void writesTheAliasConnectorIdentifiersWhenAsked() {
        RwDdlTranslator aliases = RwDdlTranslator.builder().connectorAliases(true).build();
        List<StatementTranslation> translations =
                aliases.translate(
                        "CREATE SOURCE a (x int) WITH (connector = 'KINESIS', stream = 's',"
                                + " aws.region = 'r') ROW FORMAT JSON;\n"
                                + "CREATE SOURCE b (x int) WITH (connector = 'nats', server_url ="
                                + " 'h:1', subject = 's', connect_mode = 'plain') ROW FORMAT"
                                + " JSON;");

        assertThat(translations)
                .extracting(t -> t.table().options().get("connector"))
                .containsExactly("kinesis-rw", "nats-rw");
    }

    private StatementTranslation translateOne(String sql) {
        List<StatementTranslation> translations = translator.translate(sql);
        assertThat(translations).hasSize(1);
        return translations.get(0);
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return Map.entry(key, value);
    }
}
