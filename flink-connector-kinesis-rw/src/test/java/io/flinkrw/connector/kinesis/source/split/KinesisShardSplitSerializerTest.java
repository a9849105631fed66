package io.flinkrw.connector.kinesis.source.split;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisShardSplitSerializerTest {

    private static final KinesisShardSplitSerializer SERIALIZER =
            KinesisShardSplitSerializer.INSTANCE;

    /** One split for each kind of starting position, bounded or not, finished or not. */
    static Stream<KinesisShardSplit> splits() {
        return Stream.of(
                split(StartingPosition.earliest(), KinesisShardSplit.NO_STOP, false),
                split(
                        StartingPosition.latestAt(Instant.ofEpochMilli(1_700_000_000_123L)),
                        1_700_000_999_000L,
                        false),
                split(StartingPosition.atTimestamp(42L), KinesisShardSplit.NO_STOP, false),
                split(
                        StartingPosition.afterStartupSequenceNumber("4961"),
                        KinesisShardSplit.NO_STOP,
                        false),
                split(
                        StartingPosition.afterEmitted(
                                "49590338271490256608559692538361571095921575989136588898"),
                        KinesisShardSplit.NO_STOP,
                        true),
                split(
                        StartingPosition.afterEmittedUserRecord(
                                "49590338271490256608559692538361571095921575989136588898", 0),
                        KinesisShardSplit.NO_STOP,
                        false),
                split(
                        StartingPosition.afterEmittedUserRecord("4961", Long.MAX_VALUE),
                        1_700_000_999_000L,
                        true),
                new KinesisShardSplit(
                        "shardId-000000000000",
                        List.of(),
                        "0",
                        "340282366920938463463374607431768211455",
                        StartingPosition.earliest(),
                        KinesisShardSplit.NO_STOP,
                        false));
    }

    private static KinesisShardSplit split(StartingPosition position, long stop, boolean finished) {
        return new KinesisShardSplit(
                "shardId-000000000004",
                List.of("shardId-000000000002", "shardId-000000000003"),
                "0",
                "170141183460469231731687303715884105727",
                position,
                stop,
                finished);
    }

    @ParameterizedTest
    @MethodSource("splits")
    void roundTrips(KinesisShardSplit split) throws IOException {
        byte[] bytes = SERIALIZER.serialize(split);
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), bytes)).isEqualTo(split);
    }

    /**
     * Bytes written by every version this serializer ever had must stay readable. Each fixture was
     * written once by that version's serializer and is never regenerated; a new version adds a
     * fixture and a case here.
     */
    @Test
    void readsEveryEarlierVersion() throws IOException {
        assertThat(KinesisShardSplitSerializer.CURRENT_VERSION).isEqualTo(2);
        KinesisShardSplit expectedV1 =
                split(
                        StartingPosition.afterEmitted(
                                "49590338271490256608559692538361571095921575989136588898"),
                        1_700_000_999_000L,
                        true);
        assertThat(SERIALIZER.deserialize(1, fixture("split-v1.bin"))).isEqualTo(expectedV1);
        assertThat(SERIALIZER.deserialize(2, fixture("split-v2.bin"))).isEqualTo(expectedV2());
    }

    /** The split of the version 2 fixture: in the middle of a KPL aggregated record. */
    static KinesisShardSplit expectedV2() {
        return split(
                StartingPosition.afterEmittedUserRecord(
                        "49590338271490256608559692538361571095921575989136588898", 41),
                KinesisShardSplit.NO_STOP,
                false);
    }

    @Test
    void version2ReadsVersion1PositionsAsBefore() throws IOException {
        // Version 2 added a position kind; the other kinds are written as in version 1.
        byte[] v1 = fixture("split-v1.bin");
        assertThat(SERIALIZER.deserialize(2, v1)).isEqualTo(SERIALIZER.deserialize(1, v1));
    }

    @Test
    void version1CannotHoldASubSequenceNumber() throws IOException {
        byte[] v2 = fixture("split-v2.bin");
        assertThatThrownBy(() -> SERIALIZER.deserialize(1, v2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void rejectsUnknownVersions() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(3, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 3");
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in =
                KinesisShardSplitSerializerTest.class.getResourceAsStream("/serializer/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
