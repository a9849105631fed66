package io.flinkrw.connector.nats.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import io.nats.client.NKey;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation of the NATS source options: every failure names the key (and allowed values). */
class NatsSourceConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> options = new HashMap<>();
        options.put("server_url", "localhost:4222");
        options.put("subject", "orders.created");
        options.put("connect_mode", "plain");
        return options;
    }

    private static NatsSourceConfig parse(Map<String, String> options) {
        return NatsSourceConfig.fromProperties(options);
    }

    private static void assertRejected(Map<String, String> options, String... fragments) {
        assertThatThrownBy(() -> parse(options))
                .isInstanceOf(ValidationException.class)
                .message()
                .contains(fragments);
    }

    @Test
    void minimalOptionsGiveRisingWaveDefaults() {
        NatsSourceConfig config = parse(minimal());
        assertThat(config.connection().servers()).containsExactly("nats://localhost:4222");
        assertThat(config.connection().connectMode()).isEqualTo(ConnectMode.PLAIN);
        assertThat(config.subjects()).containsExactly("orders.created");
        assertThat(config.streamSettings().stream()).isNull();
        assertThat(config.startupMode()).isEqualTo(StartupMode.EARLIEST);
        assertThat(config.boundedMode()).isEqualTo(BoundedMode.UNBOUNDED);
        assertThat(config.consumer().isDurable()).isFalse();
        assertThat(config.consumer().ackPolicy()).isEqualTo(AckPolicy.None);
        assertThat(config.fetchBatchSize()).isEqualTo(1000);
        assertThat(config.fetchMaxWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void serverUrlTakesHostPortNatsAndTlsEntries() {
        Map<String, String> options = minimal();
        options.put("server_url", "a:1, nats://b:2,tls://c:3,d");
        assertThat(parse(options).connection().servers())
                .containsExactly("nats://a:1", "nats://b:2", "tls://c:3", "nats://d:4222");
    }

    @Test
    void serverUrlWithCredentialsIsRejectedWithoutEchoingThem() {
        Map<String, String> options = minimal();
        options.put("server_url", "nats://bob:s3cr3t-pw@host:4222");
        assertThatThrownBy(() -> parse(options))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'server_url'")
                .hasMessageNotContaining("s3cr3t-pw");
    }

    @Test
    void serverUrlWithOtherSchemeNamesTheAllowedForms() {
        Map<String, String> options = minimal();
        options.put("server_url", "ws://host:80");
        assertRejected(options, "'server_url'", "ws", "nats://host:port", "tls://host:port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server_url", "subject", "connect_mode"})
    void requiredKeysAreNamedWhenMissing(String key) {
        Map<String, String> options = minimal();
        options.remove(key);
        assertRejected(options, "'" + key + "'", "required");
    }

    @Test
    void unknownConnectModeNamesTheAllowedValues() {
        Map<String, String> options = minimal();
        options.put("connect_mode", "token");
        assertRejected(options, "'connect_mode'", "token", "plain, user_and_password, credential");
    }

    @Test
    void userAndPasswordNeedsBoth() {
        Map<String, String> options = minimal();
        options.put("connect_mode", "user_and_password");
        options.put("username", "bob");
        assertRejected(options, "'password'", "required", "user_and_password");
        options.remove("username");
        options.put("password", "pw");
        assertRejected(options, "'username'", "required");
        options.put("username", "bob");
        assertThat(parse(options).connection().connectMode())
                .isEqualTo(ConnectMode.USER_AND_PASSWORD);
    }

    @Test
    void credentialNeedsJwtAndAUserSeed() throws Exception {
        String seed = new String(NKey.createUser(new SecureRandom()).getSeed());
        Map<String, String> options = minimal();
        options.put("connect_mode", "credential");
        options.put("nkey", seed);
        assertRejected(options, "'jwt'", "required", "credential");
        options.put("jwt", "header.claims.signature");
        assertThat(parse(options).connection().connectMode()).isEqualTo(ConnectMode.CREDENTIAL);

        String accountSeed = new String(NKey.createAccount(new SecureRandom()).getSeed());
        options.put("nkey", accountSeed);
        assertThatThrownBy(() -> parse(options))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'nkey'")
                .hasMessageNotContaining(accountSeed);
        options.put("nkey", "SUNOTASEED");
        assertThatThrownBy(() -> parse(options))
                .hasMessageContaining("'nkey'")
                .hasMessageNotContaining("SUNOTASEED");
    }

    @Test
    void credentialsOfAnotherModeAreRejected() {
        Map<String, String> options = minimal();
        options.put("username", "bob");
        assertRejected(options, "'username'", "'plain'");
    }

    @Test
    void secretsAreMaskedInToString() throws Exception {
        Map<String, String> options = minimal();
        options.put("connect_mode", "user_and_password");
        options.put("username", "bob");
        options.put("password", "p4ssw0rd-value");
        assertThat(parse(options).toString()).contains("bob").doesNotContain("p4ssw0rd-value");

        String seed = new String(NKey.createUser(new SecureRandom()).getSeed());
        Map<String, String> credential = minimal();
        credential.put("connect_mode", "credential");
        credential.put("jwt", "jwt-value-123");
        credential.put("nkey", seed);
        assertThat(parse(credential).toString()).doesNotContain("jwt-value-123", seed);
    }

    @Test
    void subjectListIsSplitAndChecked() {
        Map<String, String> options = minimal();
        options.put("subject", " a.b , c.* ,d.>");
        assertThat(parse(options).subjects()).containsExactly("a.b", "c.*", "d.>");

        options.put("subject", "a.b,,c");
        assertRejected(options, "'subject'", "invalid subject ''");
        options.put("subject", "a.>.b");
        assertRejected(options, "'subject'", "a.>.b");
        options.put("subject", "a.*,a.b");
        assertRejected(options, "'subject'", "overlapping", "a.*", "a.b");
        options.put("subject", "a.>,a.b.c");
        assertRejected(options, "overlapping");
    }

    @Test
    void subjectsOverlapLikeNatsMatchesThem() {
        assertThat(Subjects.overlap("a.b", "a.b")).isTrue();
        assertThat(Subjects.overlap("a.*", "a.b")).isTrue();
        assertThat(Subjects.overlap("a.>", "a.b.c")).isTrue();
        assertThat(Subjects.overlap(">", "x")).isTrue();
        assertThat(Subjects.overlap("a.*", "a.b.c")).isFalse();
        assertThat(Subjects.overlap("a.b", "a.c")).isFalse();
        assertThat(Subjects.overlap("a", "a.b")).isFalse();
        assertThat(Subjects.overlap("*.b", "a.*")).isTrue();
    }

    @Test
    void startupModes() {
        Map<String, String> options = minimal();
        options.put("scan.startup.mode", "latest");
        assertThat(parse(options).startupMode()).isEqualTo(StartupMode.LATEST);

        options.put("scan.startup.mode", "timestamp");
        assertRejected(options, "'scan.startup.timestamp.millis'", "required");
        options.put("scan.startup.timestamp.millis", "1700000000000");
        assertThat(parse(options).startupTimestampMillis()).isEqualTo(1700000000000L);

        options.remove("scan.startup.timestamp.millis");
        options.put("scan.startup.mode", "timestamp_millis");
        options.put("scan.startup.timestamp_millis", "1700000000001");
        NatsSourceConfig legacy = parse(options);
        assertThat(legacy.startupMode()).isEqualTo(StartupMode.TIMESTAMP);
        assertThat(legacy.startupTimestampMillis()).isEqualTo(1700000000001L);

        options.put("scan.startup.mode", "earliest");
        assertRejected(options, "'scan.startup.timestamp.millis'", "only used");

        options.remove("scan.startup.timestamp_millis");
        options.put("scan.startup.mode", "sequence_number");
        assertRejected(
                options,
                "'scan.startup.mode'",
                "sequence_number",
                "earliest, latest, timestamp, timestamp_millis");
    }

    @Test
    void boundedMode() {
        Map<String, String> options = minimal();
        options.put("scan.bounded.mode", "latest");
        assertThat(parse(options).boundedMode()).isEqualTo(BoundedMode.LATEST);
        options.put("scan.bounded.mode", "forever");
        assertRejected(options, "'scan.bounded.mode'", "unbounded, latest");
    }

    @Test
    void unknownKeysAreRejectedByTheBuilderPath() {
        Map<String, String> options = minimal();
        options.put("subjects", "x");
        assertRejected(options, "subjects", "Supported options", "server_url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "consumer.deliver_policy",
                "consumer.deliver_subject",
                "consumer.filter_subjects",
                "consumer.filter_subject",
                "consumer.rate_limit"
            })
    void risingWaveKeysWithoutMeaningHereAreRejectedWithAReason(String key) {
        Map<String, String> options = minimal();
        options.put(key, "1");
        assertRejected(options, "'" + key + "'", "not supported: ");
    }

    @Test
    void allowCreateStreamNeedsAStream() {
        Map<String, String> options = minimal();
        options.put("allow_create_stream", "true");
        assertRejected(options, "'allow_create_stream'", "'stream'");
        options.put("stream", "ORDERS");
        options.put("max_bytes", "1000000");
        NatsSourceConfig config = parse(options);
        assertThat(config.streamSettings().allowCreate()).isTrue();
        assertThat(config.streamSettings().creationConfiguration(config.subjects()).getMaxBytes())
                .isEqualTo(1000000L);
    }

    @Test
    void durableConsumerDefaultsToExplicitAcksAndIsNamedPerSubject() {
        Map<String, String> options = minimal();
        options.put("consumer.durable_name", "flink");
        NatsSourceConfig single = parse(options);
        assertThat(single.consumer().isDurable()).isTrue();
        assertThat(single.consumer().ackPolicy()).isEqualTo(AckPolicy.Explicit);
        assertThat(single.consumer().durableNameFor("orders.created")).isEqualTo("flink");

        options.put("subject", "orders.*,payments.>");
        NatsSourceConfig several = parse(options);
        assertThat(several.consumer().durableNameFor("orders.*")).isEqualTo("flink_orders__");
        assertThat(several.consumer().durableNameFor("payments.>")).isEqualTo("flink_payments__");

        options.put("subject", "a.b,a_b");
        assertRejected(options, "'a.b'", "'a_b'", "flink_a_b");

        options.put("subject", "a.b");
        options.put("consumer.durable_name", "bad.name");
        assertRejected(options, "'consumer.durable_name'", "bad.name");
    }

    @Test
    void consumerNameMustEqualTheDurableName() {
        Map<String, String> options = minimal();
        options.put("consumer.name", "x");
        assertRejected(options, "'consumer.name'", "'consumer.durable_name'");
        options.put("consumer.durable_name", "x");
        assertThat(parse(options).consumer().durableNameFor("orders.created")).isEqualTo("x");
    }

    @Test
    void consumerSettingsReachTheConsumerConfiguration() {
        Map<String, String> options = minimal();
        options.put("consumer.durable_name", "d");
        options.put("consumer.ack_policy", "all");
        options.put("consumer.ack_wait.sec", "120");
        options.put("consumer.max_deliver", "5");
        options.put("consumer.backoff.sec", "1, 2,3");
        options.put("consumer.replay_policy", "original");
        options.put("consumer.max_ack_pending", "5000");
        options.put("consumer.num_replicas", "1");
        options.put("consumer.inactive_threshold.sec", "60");
        options.put("consumer.description", "flink reader");
        options.put("consumer.max_batch", "200");
        options.put("consumer.max_expires.sec", "2");
        NatsSourceConfig config = parse(options);
        ConsumerConfiguration cc =
                config.consumer()
                        .configurationFor("orders.created")
                        .deliverPolicy(DeliverPolicy.All)
                        .build();
        assertThat(cc.getDurable()).isEqualTo("d");
        assertThat(cc.getFilterSubject()).isEqualTo("orders.created");
        assertThat(cc.getAckPolicy()).isEqualTo(AckPolicy.All);
        assertThat(cc.getAckWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(cc.getMaxDeliver()).isEqualTo(5);
        assertThat(cc.getBackoff())
                .containsExactly(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(cc.getMaxAckPending()).isEqualTo(5000);
        assertThat(cc.getNumReplicas()).isEqualTo(1);
        assertThat(cc.getInactiveThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cc.getDescription()).isEqualTo("flink reader");
        assertThat(config.fetchBatchSize()).isEqualTo(200);
        assertThat(config.fetchMaxWait()).isEqualTo(Duration.ofSeconds(2));

        options.put("consumer.ack_policy", "sometimes");
        assertRejected(options, "'consumer.ack_policy'", "none, all, explicit");
        options.put("consumer.ack_policy", "explicit");
        options.put("consumer.backoff.sec", "1,x");
        assertRejected(options, "'consumer.backoff.sec'");
        options.put("consumer.backoff.sec", "1");
        options.put("consumer.sample_frequency", "101");
        assertRejected(options, "'consumer.sample_frequency'");
    }

    @Test
    void ephemeralConsumersAreInMemoryWithAnInactiveThreshold() {
        ConsumerConfiguration cc =
                parse(minimal()).consumer().configurationFor("orders.created").build();
        assertThat(cc.getDurable()).isNull();
        assertThat(cc.getAckPolicy()).isEqualTo(AckPolicy.None);
        assertThat(cc.getInactiveThreshold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(cc.isMemStorage()).isTrue();
        assertThat(cc.getNumReplicas()).isEqualTo(1);
    }

    @Test
    void explicitAcksLiftTheServersAckPendingLimit() {
        Map<String, String> options = minimal();
        options.put("consumer.durable_name", "d");
        ConsumerConfiguration cc = parse(options).consumer().configurationFor("a").build();
        assertThat(cc.getMaxAckPending()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void trustStoreOptions() {
        Map<String, String> options = minimal();
        options.put("nats.tls.truststore.password", "changeit");
        assertRejected(options, "'nats.tls.truststore.password'", "'nats.tls.truststore.path'");
        options.put("nats.tls.truststore.path", "/tmp/trust.p12");
        options.put("nats.tls.truststore.type", "pem");
        assertRejected(options, "'nats.tls.truststore.type'", "pkcs12, jks");
        options.put("nats.tls.truststore.type", "jks");
        assertThat(parse(options).connection().toString()).doesNotContain("changeit");
    }

    @Test
    void fetchOptions() {
        Map<String, String> options = minimal();
        options.put("nats.fetch.batch_size", "0");
        assertRejected(options, "'nats.fetch.batch_size'");
        options.put("nats.fetch.batch_size", "10");
        options.put("nats.fetch.max_wait", "100 ms");
        assertRejected(options, "'nats.fetch.max_wait'", "1 s");
    }

    @Test
    void rejectedKeysAreNotAlsoSupported() {
        assertThat(NatsConnectorOptions.REJECTED_OPTIONS.keySet())
                .doesNotContainAnyElementsOf(NatsConnectorOptions.supportedKeys());
    }

    @Test
    void ackModeAutoFollowsTheJobsCheckpointingAndRuntimeMode() {
        NatsSourceConfig auto = parse(minimal());
        assertThat(auto.ackMode()).isEqualTo(AckMode.AUTO);

        Configuration checkpointing = new Configuration();
        checkpointing.setString("execution.checkpointing.interval", "30 s");
        assertThat(auto.forJob(checkpointing, true, false).ackMode()).isEqualTo(AckMode.CHECKPOINT);
        assertThat(auto.forJob(new Configuration(), true, false).ackMode()).isEqualTo(AckMode.EMIT);
        Configuration batch = new Configuration(checkpointing);
        batch.setString("execution.runtime-mode", "BATCH");
        assertThat(auto.forJob(batch, true, false).ackMode()).isEqualTo(AckMode.EMIT);
        // A TaskManager's configuration without an interval does not tell.
        assertThat(auto.forJob(new Configuration(), false, false).ackMode())
                .isEqualTo(AckMode.AUTO);

        Map<String, String> options = minimal();
        options.put("nats.ack.mode", "emit");
        assertThat(parse(options).forJob(checkpointing, true, false).ackMode())
                .isEqualTo(AckMode.EMIT);
        options.put("nats.ack.mode", "never");
        assertRejected(options, "'nats.ack.mode'", "auto, checkpoint, emit");
    }

    @Test
    void pullByteBudgetFitsTwoLargestMessagesAndRespectsTheConsumerLimit() {
        long maxPayload = 1024 * 1024;
        long twoLargest = 2 * (maxPayload + 4096);
        Map<String, String> options = minimal();
        assertThat(parse(options).consumer().pullMaxBytes(maxPayload)).isEqualTo(4L << 20);
        options.put("nats.fetch.max_bytes", "100 kb");
        assertThat(parse(options).consumer().pullMaxBytes(maxPayload)).isEqualTo(twoLargest);
        options.put("nats.fetch.max_bytes", "16 mb");
        assertThat(parse(options).consumer().pullMaxBytes(maxPayload)).isEqualTo(16L << 20);
        options.put("consumer.max_bytes", "3000000");
        assertThat(parse(options).consumer().pullMaxBytes(maxPayload)).isEqualTo(3_000_000);
    }

    @Test
    void pullByteBudgetMustBePositive() {
        Map<String, String> options = minimal();
        options.put("nats.fetch.max_bytes", "0 b");
        assertRejected(options, "nats.fetch.max_bytes", "positive");
    }
}
