package io.flinkrw.connector.kinesis.config;

import io.flinkrw.common.aws.AwsCredentialsConfig;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisSourceConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> options = new HashMap<>();
        options.put("stream", "orders");
        options.put("aws.region", "us-east-1");
        return options;
    }

    private static KinesisSourceConfig parse(Map<String, String> options) {
        KinesisSourceConfig.checkSupportedKeys(options.keySet());
        return KinesisSourceConfig.fromOptions(Configuration.fromMap(options));
    }

    @Test
    void defaultsAreRisingWaves() {
        KinesisSourceConfig config = parse(minimal());
        assertThat(config.stream()).isEqualTo("orders");
        assertThat(config.client().region()).isEqualTo("us-east-1");
        assertThat(config.client().endpoint()).isNull();
        assertThat(config.client().credentials()).isEqualTo(AwsCredentialsConfig.defaultChain());
        assertThat(config.startupMode()).isEqualTo(StartupMode.EARLIEST);
        assertThat(config.isBounded()).isFalse();
        assertThat(config.client().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.client().readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.client().operationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.client().operationAttemptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.client().maxAttempts()).isEqualTo(3);
        assertThat(config.client().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.client().maxBackoff()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.polling().emptyReadInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.polling().invalidIteratorRetryInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(config.polling().nonEmptyReadInterval()).isEqualTo(Duration.ZERO);
        assertThat(config.polling().maxRecordsPerCall()).isEqualTo(10_000);
        assertThat(config.shardDiscoveryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readerType()).isEqualTo(ReaderType.POLLING);
        assertThat(config.fanOut()).isNull();
        assertThat(config.kplDeaggregation()).isTrue();
    }

    @Test
    void enhancedFanOutTakesAConsumerNameAndAnIdleTimeout() {
        Map<String, String> options = minimal();
        options.put("kinesis.reader.type", "EFO");
        options.put("kinesis.efo.consumer_name", "orders-job.v2_a");
        options.put("kinesis.reader.error_retry_interval_ms", "300");
        options.put("kinesis.sdk.max_backoff_ms", "9000");
        KinesisSourceConfig config = parse(options);
        assertThat(config.readerType()).isEqualTo(ReaderType.EFO);
        assertThat(config.fanOut().consumerName()).isEqualTo("orders-job.v2_a");
        assertThat(config.fanOut().subscriptionIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.fanOut().subscriptionRenewalAge())
                .isEqualTo(FanOutSettings.SUBSCRIPTION_RENEWAL_AGE)
                .isLessThan(Duration.ofMinutes(5));
        assertThat(config.fanOut().firstBackoff()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.fanOut().maxBackoff()).isEqualTo(Duration.ofMillis(9000));
        assertThat(config.toString()).contains("readerType=efo", "consumerName=orders-job.v2_a");

        options.put("kinesis.efo.subscription_idle_timeout_ms", "5000");
        options.put("kinesis.kpl_deaggregation", "false");
        config = parse(options);
        assertThat(config.fanOut().subscriptionIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kplDeaggregation()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        Map<String, String> options = minimal();
        options.put("endpoint", "http://localhost:4567");
        options.put("aws.credentials.access_key_id", "AKID");
        options.put("aws.credentials.secret_access_key", "s3cr3t");
        options.put("aws.credentials.session_token", "t0k3n");
        options.put("aws.credentials.role.arn", "arn:aws:iam::123456789012:role/reader");
        options.put("aws.credentials.role.external_id", "ext");
        options.put("kinesis.sts.endpoint", "http://localhost:9999");
        options.put("scan.startup.mode", "TIMESTAMP");
        options.put("scan.startup.timestamp.millis", "1700000000000");
        options.put("scan.bounded.mode", "latest");
        options.put("kinesis.sdk.connect_timeout_ms", "1");
        options.put("kinesis.sdk.read_timeout_ms", "2");
        options.put("kinesis.sdk.operation_timeout_ms", "3");
        options.put("kinesis.sdk.operation_attempt_timeout_ms", "4");
        options.put("kinesis.sdk.max_retry_limit", "5");
        options.put("kinesis.sdk.init_backoff_ms", "6");
        options.put("kinesis.sdk.max_backoff_ms", "7");
        options.put("kinesis.reader.error_retry_interval_ms", "8");
        options.put("kinesis.reader.eof_retry_interval_ms", "9");
        options.put("kinesis.reader.nonempty_read_interval_ms", "10");
        options.put("kinesis.reader.max_records_per_call", "11");
        options.put("kinesis.shard_discovery_interval_ms", "12");

        KinesisSourceConfig config = parse(options);

        assertThat(config.client().endpoint()).isEqualTo(URI.create("http://localhost:4567"));
        assertThat(config.client().credentials())
                .isEqualTo(
                        AwsCredentialsConfig.builder()
                                .staticKeys("AKID", "s3cr3t")
                                .sessionToken("t0k3n")
                                .roleArn("arn:aws:iam::123456789012:role/reader")
                                .externalId("ext")
                                .stsEndpoint(URI.create("http://localhost:9999"))
                                .build());
        assertThat(config.startupMode()).isEqualTo(StartupMode.TIMESTAMP);
        assertThat(config.startupTimestampMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(config.isBounded()).isTrue();
        assertThat(config.client().connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(config.client().readTimeout()).isEqualTo(Duration.ofMillis(2));
        assertThat(config.client().operationTimeout()).isEqualTo(Duration.ofMillis(3));
        assertThat(config.client().operationAttemptTimeout()).isEqualTo(Duration.ofMillis(4));
        assertThat(config.client().maxAttempts()).isEqualTo(5);
        assertThat(config.client().initialBackoff()).isEqualTo(Duration.ofMillis(6));
        assertThat(config.client().maxBackoff()).isEqualTo(Duration.ofMillis(7));
        assertThat(config.polling().emptyReadInterval()).isEqualTo(Duration.ofMillis(8));
        assertThat(config.polling().invalidIteratorRetryInterval()).isEqualTo(Duration.ofMillis(9));
        assertThat(config.polling().nonEmptyReadInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.polling().maxRecordsPerCall()).isEqualTo(11);
        assertThat(config.polling().maxBackoff()).isEqualTo(Duration.ofMillis(7));
        assertThat(config.shardDiscoveryInterval()).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void legacyAliasesWork() {
        Map<String, String> options = new HashMap<>();
        options.put("kinesis.stream.name", "orders");
        options.put("kinesis.stream.region", "eu-west-1");
        options.put("kinesis.endpoint", "https://kinesis.example.com");
        options.put("kinesis.credentials.access", "AKID");
        options.put("kinesis.credentials.secret", "s3cr3t");
        options.put("kinesis.credentials.session_token", "t0k3n");
        options.put("kinesis.assumerole.arn", "arn:aws:iam::1:role/r");
        options.put("kinesis.assumerole.external_id", "ext");
        options.put("kinesis.scan.startup.mode", "latest");

        KinesisSourceConfig config = parse(options);

        assertThat(config.stream()).isEqualTo("orders");
        assertThat(config.client().region()).isEqualTo("eu-west-1");
        assertThat(config.client().endpoint()).isEqualTo(URI.create("https://kinesis.example.com"));
        assertThat(config.client().credentials())
                .isEqualTo(
                        AwsCredentialsConfig.builder()
                                .staticKeys("AKID", "s3cr3t")
                                .sessionToken("t0k3n")
                                .roleArn("arn:aws:iam::1:role/r")
                                .externalId("ext")
                                .build());
        assertThat(config.startupMode()).isEqualTo(StartupMode.LATEST);
    }

    @Test
    void sequenceNumberModeTakesBothForms() {
        Map<String, String> options = minimal();
        options.put("scan.startup.mode", "sequence_number");
        options.put(
                "scan.startup.sequence_number",
                "49590338271490256608559692538361571095921575989136588898");
        assertThat(parse(options).startupSequenceNumbers().isPerShard()).isFalse();

        options.put(
                "scan.startup.sequence_number",
                "shardId-000000000000:123; shardId-000000000001:456");
        StartupSequenceNumbers numbers = parse(options).startupSequenceNumbers();
        assertThat(numbers.isPerShard()).isTrue();
        assertThat(numbers.forShard("shardId-000000000001")).contains("456");
        assertThat(numbers.forShard("shardId-000000000002")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no stream|aws.region=us-east-1|Option 'stream' is required",
                "no region|stream=s|Option 'aws.region' is required",
                "blank stream|stream= ,aws.region=us-east-1|Option 'stream' must not be empty",
                "key without secret|stream=s,aws.region=r,aws.credentials.access_key_id=AK"
                        + "|Option 'aws.credentials.access_key_id' requires option"
                        + " 'aws.credentials.secret_access_key'",
                "secret without key|stream=s,aws.region=r,aws.credentials.secret_access_key=x"
                        + "|Option 'aws.credentials.secret_access_key' requires option"
                        + " 'aws.credentials.access_key_id'",
                "token without keys|stream=s,aws.region=r,aws.credentials.session_token=x"
                        + "|Option 'aws.credentials.session_token' requires options",
                "external id without role|stream=s,aws.region=r,aws.credentials.role.external_id=e"
                        + "|Option 'aws.credentials.role.external_id' requires option"
                        + " 'aws.credentials.role.arn'",
                "bad mode|stream=s,aws.region=r,scan.startup.mode=newest"
                        + "|Invalid value 'newest' for option 'scan.startup.mode'. Allowed values:"
                        + " earliest, latest, sequence_number, timestamp.",
                "sequence mode without number|stream=s,aws.region=r,scan.startup.mode=sequence_number"
                        + "|Option 'scan.startup.sequence_number' is required when"
                        + " 'scan.startup.mode' is 'sequence_number'",
                "timestamp mode without millis|stream=s,aws.region=r,scan.startup.mode=timestamp"
                        + "|Option 'scan.startup.timestamp.millis' is required when"
                        + " 'scan.startup.mode' is 'timestamp'",
                "number without its mode|stream=s,aws.region=r,scan.startup.sequence_number=1"
                        + "|Option 'scan.startup.sequence_number' only applies when"
                        + " 'scan.startup.mode' is 'sequence_number' (it is 'earliest')",
                "millis without its mode|stream=s,aws.region=r,scan.startup.timestamp.millis=1"
                        + "|Option 'scan.startup.timestamp.millis' only applies when"
                        + " 'scan.startup.mode' is 'timestamp'",
                "bad bounded mode|stream=s,aws.region=r,scan.bounded.mode=forever"
                        + "|Invalid value 'forever' for option 'scan.bounded.mode'. Allowed"
                        + " values: unbounded, latest.",
                "bad sequence number|stream=s,aws.region=r,scan.startup.mode=sequence_number,"
                        + "scan.startup.sequence_number=12ab"
                        + "|Invalid value '12ab' for option 'scan.startup.sequence_number'",
                "bad endpoint|stream=s,aws.region=r,endpoint=localhost:4567"
                        + "|Invalid value 'localhost:4567' for option 'endpoint': expected an"
                        + " http:// or https:// URL",
                "sts endpoint without role|stream=s,aws.region=r,kinesis.sts.endpoint=http://h"
                        + "|Option 'kinesis.sts.endpoint' requires option"
                        + " 'aws.credentials.role.arn'",
                "too many records|stream=s,aws.region=r,kinesis.reader.max_records_per_call=10001"
                        + "|Invalid value '10001' for option"
                        + " 'kinesis.reader.max_records_per_call': expected 1 to 10000",
                "no attempts|stream=s,aws.region=r,kinesis.sdk.max_retry_limit=0"
                        + "|Invalid value '0' for option 'kinesis.sdk.max_retry_limit'",
                "negative wait|stream=s,aws.region=r,kinesis.reader.error_retry_interval_ms=-1"
                        + "|Invalid value '-1' for option"
                        + " 'kinesis.reader.error_retry_interval_ms'",
                "zero timeout|stream=s,aws.region=r,kinesis.sdk.read_timeout_ms=0"
                        + "|Invalid value '0' for option 'kinesis.sdk.read_timeout_ms'",
                "bad reader type|stream=s,aws.region=r,kinesis.reader.type=push"
                        + "|Invalid value 'push' for option 'kinesis.reader.type'. Allowed"
                        + " values: polling, efo.",
                "efo without a consumer|stream=s,aws.region=r,kinesis.reader.type=efo"
                        + "|Option 'kinesis.efo.consumer_name' is required when"
                        + " 'kinesis.reader.type' is 'efo'",
                "bad consumer name|stream=s,aws.region=r,kinesis.reader.type=efo,"
                        + "kinesis.efo.consumer_name=my consumer"
                        + "|Invalid value 'my consumer' for option 'kinesis.efo.consumer_name':"
                        + " expected 1 to 128 letters, digits, '_', '.' or '-'",
                "consumer without efo|stream=s,aws.region=r,kinesis.efo.consumer_name=c"
                        + "|Option 'kinesis.efo.consumer_name' only applies when"
                        + " 'kinesis.reader.type' is 'efo' (it is 'polling')",
                "idle timeout without efo|stream=s,aws.region=r,"
                        + "kinesis.efo.subscription_idle_timeout_ms=1000"
                        + "|Option 'kinesis.efo.subscription_idle_timeout_ms' only applies when"
                        + " 'kinesis.reader.type' is 'efo'",
                "zero idle timeout|stream=s,aws.region=r,kinesis.reader.type=efo,"
                        + "kinesis.efo.consumer_name=c,kinesis.efo.subscription_idle_timeout_ms=0"
                        + "|Invalid value '0' for option"
                        + " 'kinesis.efo.subscription_idle_timeout_ms'",
                "bad boolean|stream=s,aws.region=r,kinesis.kpl_deaggregation=maybe"
                        + "|kinesis.kpl_deaggregation",
                "unknown key|stream=s,aws.region=r,aws.profile=default"
                        + "|Unsupported option 'aws.profile' for the Kinesis source. Supported"
                        + " options: aws.credentials.access_key_id,"
            })
    void badOptionsFailNamingTheKey(String name, String options, String message) {
        Map<String, String> map = new HashMap<>();
        for (String entry : options.split(",")) {
            String[] kv = entry.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        assertThatThrownBy(() -> parse(map))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void toStringMasksSecrets() {
        Map<String, String> options = minimal();
        options.put("aws.credentials.access_key_id", "AKID");
        options.put("aws.credentials.secret_access_key", "very-secret-value");
        options.put("aws.credentials.session_token", "very-secret-token");
        String text = parse(options).toString();
        assertThat(text).contains("AKID").doesNotContain("very-secret");
    }

    @Test
    void supportedKeysIncludeTheAliases() {
        assertThat(KinesisSourceConfig.supportedKeys())
                .contains("stream", "kinesis.stream.name", "kinesis.credentials.secret")
                .doesNotContainAnyElementsOf(List.of("format", "connector"));
    }
}
