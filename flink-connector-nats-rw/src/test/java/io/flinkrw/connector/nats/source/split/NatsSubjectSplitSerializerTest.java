package io.flinkrw.connector.nats.source.split;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips, and bytes written by every earlier version of the split serializer. */
class NatsSubjectSplitSerializerTest {

    private static final NatsSubjectSplitSerializer SERIALIZER =
            NatsSubjectSplitSerializer.INSTANCE;

    static Stream<NatsSubjectSplit> splits() {
        return Stream.of(
                new NatsSubjectSplit(
                        "ORDERS",
                        "orders.>",
                        StartPosition.earliest(),
                        NatsSubjectSplit.NO_STOPPING_SEQUENCE),
                new NatsSubjectSplit(
                        "ORDERS",
                        "orders.eu",
                        StartPosition.timestamp(Instant.parse("2026-11-21T07:00:00.123456789Z")),
                        4242),
                new NatsSubjectSplit(
                        "PAYMENTS",
                        "pay.*",
                        StartPosition.afterSequence(77),
                        NatsSubjectSplit.NO_STOPPING_SEQUENCE));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void roundTrip(NatsSubjectSplit split) throws IOException {
        byte[] bytes = SERIALIZER.serialize(split);
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), bytes)).isEqualTo(split);
    }

    static Stream<Arguments> version1Bytes() {
        return Stream.of(
                Arguments.of(
                        "00064f524445525300086f72646572732e3e0000000000000000007fffffffffffffff",
                        new NatsSubjectSplit(
                                "ORDERS",
                                "orders.>",
                                StartPosition.earliest(),
                                NatsSubjectSplit.NO_STOPPING_SEQUENCE)),
                Arguments.of(
                        "00064f524445525300096f72646572732e65750118e9fd45325e2d150000000000001092",
                        new NatsSubjectSplit(
                                "ORDERS",
                                "orders.eu",
                                StartPosition.timestamp(
                                        Instant.parse("2026-11-21T07:00:00.123456789Z")),
                                4242)),
                Arguments.of(
                        "00085041594d454e545300057061792e2a02000000000000004d7fffffffffffffff",
                        new NatsSubjectSplit(
                                "PAYMENTS",
                                "pay.*",
                                StartPosition.afterSequence(77),
                                NatsSubjectSplit.NO_STOPPING_SEQUENCE)));
    }

    /** Bytes written by version 1 (release 0.1.0); they must stay readable forever. */
    @ParameterizedTest
    @MethodSource("version1Bytes")
    void readsVersion1(String hex, NatsSubjectSplit expected) throws IOException {
        assertThat(SERIALIZER.deserialize(1, HexFormat.of().parseHex(hex))).isEqualTo(expected);
    }

    @Test
    void unknownVersionFailsClearly() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void restoredSplitResumesAfterTheLastEmittedSequence() {
        NatsSubjectSplit split = new NatsSubjectSplit("S", "a", StartPosition.earliest(), 10);
        NatsSubjectSplitState state = new NatsSubjectSplitState(split);
        assertThat(state.toSplit()).isEqualTo(split);
        state.setLastEmittedSequence(7);
        assertThat(state.toSplit().startPosition()).isEqualTo(StartPosition.afterSequence(7));
        assertThat(state.toSplit().isFinishedAtStart()).isFalse();
        state.setLastEmittedSequence(10);
        assertThat(state.toSplit().isFinishedAtStart()).isTrue();
        assertThat(new NatsSubjectSplit("S", "a", StartPosition.earliest(), 0).isFinishedAtStart())
                .isTrue();
        assertThat(
                        new NatsSubjectSplit(
                                        "S",
                                        "a",
                                        StartPosition.afterSequence(3),
                                        NatsSubjectSplit.NO_STOPPING_SEQUENCE)
                                .isFinishedAtStart())
                .isFalse();
    }
}
