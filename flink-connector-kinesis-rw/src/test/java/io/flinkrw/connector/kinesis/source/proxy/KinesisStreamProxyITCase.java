package io.flinkrw.connector.kinesis.source.proxy;

import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.testutils.KinesisTestStreams;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real client against kinesis-local: ListShards paging and shard filters. */
class KinesisStreamProxyITCase {

    @RegisterExtension static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    private static List<String> ids(List<Shard> shards) {
        return shards.stream().map(Shard::shardId).sorted().collect(Collectors.toList());
    }

    @Test
    void listsEveryPageAndHonoursFilters() {
        try (KinesisTestStreams streams = new KinesisTestStreams(KINESIS)) {
            String stream = "paging-" + UUID.randomUUID();
            streams.create(stream, 5);
            streams.split(stream, streams.openShards(stream).get(0));
            List<String> all = ids(streams.shards(stream));
            assertThat(all).hasSize(7);

            KinesisSourceConfig config =
                    KinesisSourceConfig.fromOptions(
                            Configuration.fromMap(streams.sourceOptions(stream)));
            try (StreamProxy proxy = KinesisStreamProxy.create(config.client(), 2)) {
                assertThat(proxy.describeStreamSummary(stream).streamName()).isEqualTo(stream);
                assertThat(ids(proxy.listShards(stream, null))).isEqualTo(all);
                assertThat(
                                ids(
                                        proxy.listShards(
                                                stream,
                                                ShardFilter.builder()
                                                        .type(ShardFilterType.AFTER_SHARD_ID)
                                                        .shardId(all.get(4))
                                                        .build())))
                        .isEqualTo(all.subList(5, 7));
                assertThat(
                                ids(
                                        proxy.listShards(
                                                stream,
                                                ShardFilter.builder()
                                                        .type(ShardFilterType.FROM_TIMESTAMP)
                                                        .timestamp(Instant.now())
                                                        .build())))
                        .containsAll(ids(streams.openShards(stream)));
                String iterator =
                        proxy.getShardIterator(
                                stream, all.get(0), ShardIteratorType.TRIM_HORIZON, null, null);
                assertThat(proxy.getRecords(iterator, 10).records()).isEmpty();
            }
        }
    }
}
