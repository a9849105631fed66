package io.flinkrw.connector.nats.source;

import io.flinkrw.connector.nats.config.ConnectMode;
import io.flinkrw.connector.nats.config.StartupMode;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DataStream builder: RisingWave option maps, defaults, validation and the pinned start. */
class NatsJetStreamSourceBuilderTest {

    @Test
    void takesARisingWaveOptionMapAsItIs() {
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setProperties(
                                Map.of(
                                        "connector", "nats",
                                        "server_url", "nats-1:4222,nats-2:4222",
                                        "subject", "orders.*",
                                        "stream", "ORDERS",
                                        "connect_mode", "user_and_password",
                                        "username", "reader",
                                        "password", "secret-pw",
                                        "consumer.durable_name", "rw",
                                        "scan.startup.mode", "timestamp_millis",
                                        "scan.startup.timestamp_millis", "1700000000000"))
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        assertThat(source.config().connection().connectMode())
                .isEqualTo(ConnectMode.USER_AND_PASSWORD);
        assertThat(source.config().streamSettings().stream()).isEqualTo("ORDERS");
        assertThat(source.config().startupTimestampMillis()).isEqualTo(1700000000000L);
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getProducedType()).isEqualTo(Types.STRING);
        assertThat(source.toString()).doesNotContain("secret-pw");
    }

    @Test
    void connectsPlainByDefaultAndPinsLatestWhenBuilt() throws Exception {
        Instant before = Instant.now();
        NatsJetStreamSource<String> source =
                NatsJetStreamSource.<String>builder()
                        .setServerUrl("localhost:4222")
                        .setSubjects("a.b", "c.>")
                        .setStartupMode(StartupMode.LATEST)
                        .setBounded()
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        Instant after = Instant.now();
        assertThat(source.config().connection().connectMode()).isEqualTo(ConnectMode.PLAIN);
        assertThat(source.config().subjects()).containsExactly("a.b", "c.>");
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(source.latestStart()).isBetween(before, after);

        // The pinned instant travels with the source to the JobManager.
        NatsJetStreamSource<String> shipped =
                InstantiationUtil.clone(source, getClass().getClassLoader());
        assertThat(shipped.latestStart()).isEqualTo(source.latestStart());
    }

    @Test
    void invalidOptionsFailAtBuild() {
        assertThatThrownBy(
                        () ->
                                NatsJetStreamSource.<String>builder()
                                        .setServerUrl("localhost:4222")
                                        .setSubjects("a")
                                        .setProperty("scan.startup.mode", "yesterday")
                                        .setValueOnlyDeserializer(new SimpleStringSchema())
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'scan.startup.mode'");
        assertThatThrownBy(
                        () ->
                                NatsJetStreamSource.<String>builder()
                                        .setServerUrl("localhost:4222")
                                        .setSubjects("a")
                                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("deserializer");
    }
}
