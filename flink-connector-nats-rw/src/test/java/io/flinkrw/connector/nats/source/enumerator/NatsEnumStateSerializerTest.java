package io.flinkrw.connector.nats.source.enumerator;

import io.flinkrw.connector.nats.source.split.NatsSubjectSplit;
import io.flinkrw.connector.nats.source.split.StartPosition;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips, and bytes written by every earlier version of the enumerator state serializer. */
class NatsEnumStateSerializerTest {

    private static final NatsEnumState STATE =
            new NatsEnumState(
                    Set.of("orders.eu", "pay.*"),
                    List.of(
                            new NatsSubjectSplit(
                                    "ORDERS", "orders.us", StartPosition.earliest(), 99)));

    private final NatsEnumStateSerializer serializer = new NatsEnumStateSerializer();

    @Test
    void roundTrip() throws IOException {
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(STATE)))
                .isEqualTo(STATE);
        assertThat(
                        serializer.deserialize(
                                serializer.getVersion(),
                                serializer.serialize(NatsEnumState.empty())))
                .isEqualTo(NatsEnumState.empty());
    }

    /** Bytes written by version 1 (release 0.1.0); they must stay readable forever. */
    @Test
    void readsVersion1() throws IOException {
        byte[] v1 =
                HexFormat.of()
                        .parseHex(
                                "0000000200096f72646572732e657500057061792e2a0000000100000001"
                                        + "00064f524445525300096f72646572732e757300000000000000"
                                        + "00000000000000000063");
        assertThat(serializer.deserialize(1, v1)).isEqualTo(STATE);
    }

    @Test
    void unknownVersionFailsClearly() {
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }
}
