package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.annotation.Internal;

import java.math.BigInteger;

/**
 * Assigns a shard to the reader whose equal share of the hash-key space holds the middle of the
 * shard's hash-key range. Shards of a stream cover the key space without overlap, so the open
 * shards spread evenly over the readers, also after resharding, and the owner of a shard never
 * depends on the order shards are found in.
 */
@Internal
final class UniformShardAssigner {

    private static final BigInteger KEY_SPACE = BigInteger.ONE.shiftLeft(128);

    int owner(KinesisShardSplit split, int parallelism) {
        BigInteger midpoint = split.hashKeyMidpoint().max(BigInteger.ZERO);
        int owner = midpoint.multiply(BigInteger.valueOf(parallelism)).divide(KEY_SPACE).intValue();
        return Math.min(owner, parallelism - 1);
    }
}
