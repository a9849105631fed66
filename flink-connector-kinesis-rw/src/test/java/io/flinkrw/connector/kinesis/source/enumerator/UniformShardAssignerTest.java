package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;
import io.flinkrw.connector.kinesis.source.split.StartingPosition;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UniformShardAssignerTest {

    private static final BigInteger KEY_SPACE = BigInteger.ONE.shiftLeft(128);
    private final UniformShardAssigner assigner = new UniformShardAssigner();

    /** {@code count} shards splitting the key space evenly, like CreateStream does. */
    private static List<KinesisShardSplit> evenShards(int count) {
        List<KinesisShardSplit> shards = new ArrayList<>();
        BigInteger width = KEY_SPACE.divide(BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            BigInteger start = width.multiply(BigInteger.valueOf(i));
            BigInteger end =
                    i == count - 1
                            ? KEY_SPACE.subtract(BigInteger.ONE)
                            : start.add(width).subtract(BigInteger.ONE);
            shards.add(
                    new KinesisShardSplit(
                            "shardId-" + i,
                            List.of(),
                            start.toString(),
                            end.toString(),
                            StartingPosition.earliest(),
                            KinesisShardSplit.NO_STOP,
                            false));
        }
        return shards;
    }

    @Test
    void spreadsShardsEvenlyOverTheReaders() {
        for (int[] shardsAndReaders : new int[][] {{4, 4}, {8, 4}, {12, 3}, {16, 16}, {6, 2}}) {
            int[] load = new int[shardsAndReaders[1]];
            for (KinesisShardSplit shard : evenShards(shardsAndReaders[0])) {
                load[assigner.owner(shard, shardsAndReaders[1])]++;
            }
            for (int readerLoad : load) {
                assertThat(readerLoad).isEqualTo(shardsAndReaders[0] / shardsAndReaders[1]);
            }
        }
    }

    @Test
    void everyOwnerIsAValidReader() {
        for (KinesisShardSplit shard : evenShards(7)) {
            assertThat(assigner.owner(shard, 3)).isBetween(0, 2);
            assertThat(assigner.owner(shard, 1)).isZero();
        }
    }
}
