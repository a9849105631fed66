package io.flinkrw.connector.kinesis.source.proxy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisServiceClientConfiguration;
import software.amazon.awssdk.services.kinesis.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class KinesisStreamProxyTest {

    /** A client that serves 5 shards in pages of 2 and can expire one token. */
    private static final class PagingClient implements KinesisClient {
        final List<ListShardsRequest> requests = new ArrayList<>();
        boolean expireOnce;
        boolean closed;

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            requests.add(request);
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            if (request.nextToken() != null && expireOnce) {
                expireOnce = false;
                throw ExpiredNextTokenException.builder().message("expired").build();
            }
            List<Shard> page = new ArrayList<>();
            for (int i = from; i < Math.min(5, from + 2); i++) {
                page.add(Shard.builder().shardId("shardId-00000000000" + i).build());
            }
            return ListShardsResponse.builder()
                    .shards(page)
                    .nextToken(from + 2 < 5 ? String.valueOf(from + 2) : null)
                    .build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public KinesisServiceClientConfiguration serviceClientConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<String> ids(List<Shard> shards) {
        return shards.stream().map(Shard::shardId).collect(Collectors.toList());
    }

    @Test
    void listsEveryPageSendingTheStreamAndFilterOnlyWithTheFirst() {
        PagingClient client = new PagingClient();
        StreamProxy proxy = new KinesisStreamProxy(client, 2);
        ShardFilter filter = ShardFilter.builder().type(ShardFilterType.AT_LATEST).build();

        assertThat(ids(proxy.listShards("orders", filter)))
                .containsExactly(
                        "shardId-000000000000",
                        "shardId-000000000001",
                        "shardId-000000000002",
                        "shardId-000000000003",
                        "shardId-000000000004");
        assertThat(client.requests).hasSize(3);
        assertThat(client.requests.get(0).streamName()).isEqualTo("orders");
        assertThat(client.requests.get(0).shardFilter()).isEqualTo(filter);
        assertThat(client.requests.get(0).maxResults()).isEqualTo(2);
        for (ListShardsRequest later : client.requests.subList(1, 3)) {
            assertThat(later.streamName()).isNull();
            assertThat(later.shardFilter()).isNull();
            assertThat(later.nextToken()).isNotNull();
        }
    }

    @Test
    void anExpiredTokenRestartsTheListing() {
        PagingClient client = new PagingClient();
        client.expireOnce = true;
        StreamProxy proxy = new KinesisStreamProxy(client, 2);
        assertThat(proxy.listShards("orders", null)).hasSize(5);
        assertThat(client.requests).hasSize(5);
        assertThat(client.requests.get(2).streamName()).isEqualTo("orders");
    }

    @Test
    void closeReleasesClientAndResources() {
        PagingClient client = new PagingClient();
        boolean[] released = {false};
        new KinesisStreamProxy(client, null, () -> released[0] = true).close();
        assertThat(client.closed).isTrue();
        assertThat(released[0]).isTrue();
    }
}
