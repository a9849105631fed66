package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KinesisSourceEnumStateSerializerTest {

    private final KinesisSourceEnumStateSerializer serializer =
            new KinesisSourceEnumStateSerializer();

    static KinesisSourceEnumState sampleState() {
        KinesisShardSplit parent =
                new KinesisShardSplit(
                        "shardId-000000000001",
                        List.of(),
                        "0",
                        "170141183460469231731687303715884105727",
                        StartingPosition.earliest(),
                        KinesisShardSplit.NO_STOP,
                        false);
        KinesisShardSplit child =
                new KinesisShardSplit(
                        "shardId-000000000003",
                        List.of("shardId-000000000001"),
                        "0",
                        "85070591730234615865843651857942052863",
                        StartingPosition.earliest(),
                        KinesisShardSplit.NO_STOP,
                        false);
        return new KinesisSourceEnumState("shardId-000000000004", List.of(parent), List.of(child));
    }

    /** The sample with a registered stream consumer, as version 2 added. */
    static KinesisSourceEnumState sampleStateV2() {
        KinesisSourceEnumState v1 = sampleState();
        return new KinesisSourceEnumState(
                v1.lastSeenShardId(),
                v1.assignedSplits(),
                v1.unassignedSplits(),
                "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/flink:1700000000");
    }

    /** The sample with the stream's identity, as version 3 added. */
    static KinesisSourceEnumState sampleStateV3() {
        KinesisSourceEnumState v2 = sampleStateV2();
        return new KinesisSourceEnumState(
                v2.lastSeenShardId(),
                v2.assignedSplits(),
                v2.unassignedSplits(),
                v2.registeredConsumerArn(),
                new StreamIdentity(
                        "arn:aws:kinesis:us-east-1:000000000000:stream/orders",
                        1_700_000_000_000L));
    }

    @Test
    void roundTrips() throws IOException {
        KinesisSourceEnumState v1 = sampleState();
        KinesisSourceEnumState withoutCreationTime =
                new KinesisSourceEnumState(
                        v1.lastSeenShardId(),
                        v1.assignedSplits(),
                        v1.unassignedSplits(),
                        null,
                        new StreamIdentity("arn:aws:kinesis:us-east-1:0:stream/o", null));
        for (KinesisSourceEnumState state :
                List.of(
                        KinesisSourceEnumState.initial(),
                        sampleState(),
                        sampleStateV2(),
                        sampleStateV3(),
                        withoutCreationTime)) {
            byte[] bytes = serializer.serialize(state);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(state);
        }
    }

    /** See KinesisShardSplitSerializerTest#readsEveryEarlierVersion. */
    @Test
    void readsEveryEarlierVersion() throws IOException {
        assertThat(KinesisSourceEnumStateSerializer.CURRENT_VERSION).isEqualTo(3);
        assertThat(serializer.deserialize(1, fixture("enum-state-v1.bin")))
                .isEqualTo(sampleState());
        assertThat(serializer.deserialize(2, fixture("enum-state-v2.bin")))
                .isEqualTo(sampleStateV2());
        assertThat(serializer.deserialize(3, fixture("enum-state-v3.bin")))
                .isEqualTo(sampleStateV3());
    }

    @Test
    void rejectsUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(9, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 9");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in =
                KinesisSourceEnumStateSerializerTest.class.getResourceAsStream(
                        "/serializer/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
