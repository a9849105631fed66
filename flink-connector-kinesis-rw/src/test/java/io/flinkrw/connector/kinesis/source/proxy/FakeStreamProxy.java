package io.flinkrw.connector.kinesis.source.proxy;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import javax.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An in-memory stream for unit tests: shards with records, opaque iterators ({@code
 * shardId/index}), and exceptions queued for the next calls of each operation. It records every
 * call.
 */
public final class FakeStreamProxy implements StreamProxy {

    /** The ARN of the fake stream, whatever it is called. */
    public static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/fake";

    private final Map<String, FakeShard> shards = new LinkedHashMap<>();
    private final Map<String, FakeConsumer> consumers = new LinkedHashMap<>();
    private final List<String> deregistered = new ArrayList<>();
    private int consumerCreations;
    private int describesUntilActive;
    private final Deque<Supplier<RuntimeException>> getRecordsFailures = new ArrayDeque<>();
    private final Deque<Supplier<RuntimeException>> getShardIteratorFailures = new ArrayDeque<>();
    private final Deque<Supplier<RuntimeException>> listShardsFailures = new ArrayDeque<>();
    private final Deque<Supplier<RuntimeException>> describeStreamSummaryFailures =
            new ArrayDeque<>();
    private final Deque<Supplier<RuntimeException>> registerFailures = new ArrayDeque<>();
    @Nullable private Runnable onNextRegistration;
    private final List<String> calls = new ArrayList<>();
    private final List<ShardFilter> listShardsFilters = new ArrayList<>();
    private boolean honourAfterShardIdFilter = true;
    private long clockMillis = 1_000_000L;
    private boolean closed;
    private boolean streamDeleted;
    @Nullable private Instant streamCreated;

    /** A shard covering the given hash-key range, with optional parents. */
    public synchronized FakeStreamProxy addShard(
            String shardId, String startHashKey, String endHashKey, String... parents) {
        Shard.Builder shard =
                Shard.builder()
                        .shardId(shardId)
                        .hashKeyRange(
                                HashKeyRange.builder()
                                        .startingHashKey(startHashKey)
                                        .endingHashKey(endHashKey)
                                        .build());
        if (parents.length > 0) {
            shard.parentShardId(parents[0]);
        }
        if (parents.length > 1) {
            shard.adjacentParentShardId(parents[1]);
        }
        shards.put(shardId, new FakeShard(shard.build()));
        return this;
    }

    /** Appends records with sequence numbers 1, 2, ... per shard and arrival times 1 ms apart. */
    public synchronized FakeStreamProxy put(String shardId, String... payloads) {
        for (String payload : payloads) {
            clockMillis++;
            putAt(shardId, payload, clockMillis);
        }
        return this;
    }

    public synchronized FakeStreamProxy putAt(String shardId, String payload, long arrivalMillis) {
        return putRaw(
                shardId, "key-" + payload, payload.getBytes(StandardCharsets.UTF_8), arrivalMillis);
    }

    /** Appends a record with these bytes (a KPL aggregate, for instance). */
    public synchronized FakeStreamProxy putRaw(
            String shardId, String partitionKey, byte[] data, long arrivalMillis) {
        FakeShard shard = shards.get(shardId);
        shard.records.add(
                Record.builder()
                        .sequenceNumber(String.valueOf(shard.records.size() + 1))
                        .partitionKey(partitionKey)
                        .data(SdkBytes.fromByteArray(data))
                        .approximateArrivalTimestamp(Instant.ofEpochMilli(arrivalMillis))
                        .build());
        return this;
    }

    /** The records of a shard after {@code afterIndex} (0: all), as Kinesis returns them. */
    public synchronized List<Record> records(String shardId, int afterIndex) {
        List<Record> records = shards.get(shardId).records;
        return new ArrayList<>(
                records.subList(Math.min(afterIndex, records.size()), records.size()));
    }

    public synchronized boolean isClosed(String shardId) {
        return shards.get(shardId).closed;
    }

    /** Closes the shard: reading past its last record gives no next iterator. */
    public synchronized FakeStreamProxy close(String shardId) {
        shards.get(shardId).closed = true;
        return this;
    }

    public synchronized FakeStreamProxy removeShard(String shardId) {
        shards.remove(shardId);
        return this;
    }

    /** Deletes the stream: every call about it says ResourceNotFound, as Kinesis does. */
    public synchronized FakeStreamProxy deleteStream() {
        streamDeleted = true;
        return this;
    }

    /**
     * Deletes the stream and creates another one under the same name (and ARN) at {@code created},
     * with no shards yet.
     */
    public synchronized FakeStreamProxy recreateStream(Instant created) {
        shards.clear();
        streamDeleted = false;
        streamCreated = created;
        return this;
    }

    /** The creation time DescribeStreamSummary gives (none by default). */
    public synchronized FakeStreamProxy setStreamCreated(Instant created) {
        streamCreated = created;
        return this;
    }

    private void checkStreamExists(String what) {
        if (streamDeleted) {
            throw ResourceNotFoundException.builder()
                    .message(what + " not found: stream " + STREAM_ARN + " does not exist")
                    .build();
        }
    }

    public synchronized void failNextGetRecords(Supplier<RuntimeException> failure) {
        getRecordsFailures.add(failure);
    }

    public synchronized void failNextGetShardIterator(Supplier<RuntimeException> failure) {
        getShardIteratorFailures.add(failure);
    }

    public synchronized void failNextRegisterStreamConsumer(Supplier<RuntimeException> failure) {
        registerFailures.add(failure);
    }

    /** Runs {@code action} while the next RegisterStreamConsumer call is being answered. */
    public synchronized void onNextRegistration(Runnable action) {
        onNextRegistration = action;
    }

    public synchronized void failNextListShards(Supplier<RuntimeException> failure) {
        listShardsFailures.add(failure);
    }

    public synchronized void failNextDescribeStreamSummary(Supplier<RuntimeException> failure) {
        describeStreamSummaryFailures.add(failure);
    }

    /** Like kinesalite, ignore ListShards' AFTER_SHARD_ID filter. */
    public synchronized void ignoreAfterShardIdFilter() {
        honourAfterShardIdFilter = false;
    }

    public synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    public synchronized List<ShardFilter> listShardsFilters() {
        return new ArrayList<>(listShardsFilters);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized StreamDescriptionSummary describeStreamSummary(String stream) {
        calls.add("describeStreamSummary");
        if (!describeStreamSummaryFailures.isEmpty()) {
            throw describeStreamSummaryFailures.poll().get();
        }
        checkStreamExists("Stream " + stream);
        return StreamDescriptionSummary.builder()
                .streamName(stream)
                .streamARN(STREAM_ARN)
                .streamStatus(StreamStatus.ACTIVE)
                .streamCreationTimestamp(streamCreated)
                .build();
    }

    @Override
    public synchronized List<Shard> listShards(String stream, @Nullable ShardFilter filter) {
        calls.add("listShards");
        listShardsFilters.add(filter);
        if (!listShardsFailures.isEmpty()) {
            throw listShardsFailures.poll().get();
        }
        checkStreamExists("Stream " + stream);
        List<Shard> result = new ArrayList<>();
        for (FakeShard shard : shards.values()) {
            if (honourAfterShardIdFilter
                    && filter != null
                    && filter.type() == ShardFilterType.AFTER_SHARD_ID
                    && shard.shard.shardId().compareTo(filter.shardId()) <= 0) {
                continue;
            }
            result.add(shard.shard);
        }
        return result;
    }

    @Override
    public synchronized String getShardIterator(
            String stream,
            String shardId,
            ShardIteratorType type,
            @Nullable String sequenceNumber,
            @Nullable Instant timestamp) {
        calls.add(
                "getShardIterator "
                        + shardId
                        + " "
                        + type
                        + (sequenceNumber != null ? " " + sequenceNumber : "")
                        + (timestamp != null ? " " + timestamp.toEpochMilli() : ""));
        if (!getShardIteratorFailures.isEmpty()) {
            throw getShardIteratorFailures.poll().get();
        }
        checkStreamExists("Shard " + shardId);
        FakeShard shard = shards.get(shardId);
        if (shard == null) {
            throw ResourceNotFoundException.builder()
                    .message("Shard " + shardId + " does not exist")
                    .build();
        }
        int index;
        switch (type) {
            case TRIM_HORIZON:
                index = 0;
                break;
            case LATEST:
                index = shard.records.size();
                break;
            case AT_TIMESTAMP:
                index = 0;
                while (index < shard.records.size()
                        && shard.records
                                .get(index)
                                .approximateArrivalTimestamp()
                                .isBefore(timestamp)) {
                    index++;
                }
                break;
            case AT_SEQUENCE_NUMBER:
                index = Integer.parseInt(sequenceNumber) - 1;
                if (index >= shard.records.size()) {
                    throw InvalidArgumentException.builder()
                            .message("Invalid StartingSequenceNumber " + sequenceNumber)
                            .build();
                }
                break;
            case AFTER_SEQUENCE_NUMBER:
                index = Integer.parseInt(sequenceNumber);
                if (index > shard.records.size()) {
                    throw InvalidArgumentException.builder()
                            .message("Invalid StartingSequenceNumber " + sequenceNumber)
                            .build();
                }
                break;
            default:
                throw new UnsupportedOperationException(type.toString());
        }
        return shardId + "/" + index;
    }

    @Override
    public synchronized GetRecordsResponse getRecords(String shardIterator, int limit) {
        calls.add("getRecords " + shardIterator);
        if (!getRecordsFailures.isEmpty()) {
            throw getRecordsFailures.poll().get();
        }
        int slash = shardIterator.lastIndexOf('/');
        checkStreamExists("Shard " + shardIterator.substring(0, slash));
        FakeShard shard = shards.get(shardIterator.substring(0, slash));
        if (shard == null) {
            throw ResourceNotFoundException.builder()
                    .message("Shard " + shardIterator.substring(0, slash) + " does not exist")
                    .build();
        }
        int from = Integer.parseInt(shardIterator.substring(slash + 1));
        int to = Math.min(shard.records.size(), from + limit);
        List<Record> records = new ArrayList<>(shard.records.subList(from, to));
        boolean ended = shard.closed && to == shard.records.size();
        return GetRecordsResponse.builder()
                .records(records)
                .nextShardIterator(ended ? null : shard.shard.shardId() + "/" + to)
                .millisBehindLatest((long) (shard.records.size() - to) * 1000)
                .build();
    }

    /** A consumer that is already active, as if registered before. */
    public synchronized FakeStreamProxy addActiveConsumer(String consumerName) {
        String arn = consumerArn(consumerName, ++consumerCreations);
        consumers.put(consumerName, new FakeConsumer(arn, ConsumerStatus.ACTIVE, 0, Instant.EPOCH));
        return this;
    }

    /** The ARN of the consumer {@code consumerName} now, or {@code null}. */
    public synchronized String consumerArnOf(String consumerName) {
        FakeConsumer consumer = consumers.get(consumerName);
        return consumer == null ? null : consumer.arn;
    }

    /** Registered consumers go ACTIVE after this many describe calls (0: at once). */
    public synchronized void setDescribesUntilActive(int describes) {
        describesUntilActive = describes;
    }

    /** Deletes a consumer behind the source's back; it stays DELETING for this many describes. */
    public synchronized void deleteConsumer(String consumerName, int describesWhileDeleting) {
        FakeConsumer consumer = consumers.get(consumerName);
        consumer.status = ConsumerStatus.DELETING;
        consumer.describesLeft = describesWhileDeleting;
    }

    public synchronized List<String> deregisteredConsumers() {
        return new ArrayList<>(deregistered);
    }

    @Override
    public synchronized ConsumerDescription describeStreamConsumer(
            String streamArn, String consumerName) {
        calls.add("describeStreamConsumer " + consumerName);
        FakeConsumer consumer = consumers.get(consumerName);
        if (consumer == null) {
            throw ResourceNotFoundException.builder()
                    .message("ConsumerName " + consumerName + " not found")
                    .build();
        }
        return describe(consumerName, consumer);
    }

    @Override
    public synchronized ConsumerDescription describeStreamConsumer(String consumerArn) {
        calls.add("describeStreamConsumer " + consumerArn);
        for (Map.Entry<String, FakeConsumer> entry : consumers.entrySet()) {
            if (entry.getValue().arn.equals(consumerArn)) {
                return describe(entry.getKey(), entry.getValue());
            }
        }
        throw ResourceNotFoundException.builder()
                .message("ConsumerARN " + consumerArn + " not found")
                .build();
    }

    private ConsumerDescription describe(String name, FakeConsumer consumer) {
        if (consumer.status != ConsumerStatus.ACTIVE && consumer.describesLeft-- <= 0) {
            if (consumer.status == ConsumerStatus.DELETING) {
                consumers.remove(name);
                throw ResourceNotFoundException.builder()
                        .message("ConsumerName " + name + " not found")
                        .build();
            }
            consumer.status = ConsumerStatus.ACTIVE;
        }
        return ConsumerDescription.builder()
                .consumerName(name)
                .consumerARN(consumer.arn)
                .consumerStatus(consumer.status)
                .consumerCreationTimestamp(consumer.created)
                .build();
    }

    @Override
    public synchronized Consumer registerStreamConsumer(String streamArn, String consumerName) {
        calls.add("registerStreamConsumer " + consumerName);
        if (!registerFailures.isEmpty()) {
            throw registerFailures.poll().get();
        }
        if (consumers.containsKey(consumerName)) {
            throw ResourceInUseException.builder()
                    .message("Consumer " + consumerName + " exists")
                    .build();
        }
        FakeConsumer consumer =
                new FakeConsumer(
                        consumerArn(consumerName, ++consumerCreations),
                        ConsumerStatus.CREATING,
                        describesUntilActive,
                        Instant.now());
        consumers.put(consumerName, consumer);
        if (onNextRegistration != null) {
            Runnable action = onNextRegistration;
            onNextRegistration = null;
            action.run();
        }
        return Consumer.builder()
                .consumerName(consumerName)
                .consumerARN(consumer.arn)
                .consumerStatus(ConsumerStatus.CREATING)
                .build();
    }

    @Override
    public synchronized void deregisterStreamConsumer(String consumerArn) {
        calls.add("deregisterStreamConsumer " + consumerArn);
        deregistered.add(consumerArn);
        consumers.values().removeIf(c -> c.arn.equals(consumerArn));
    }

    private static String consumerArn(String name, int creation) {
        return STREAM_ARN + "/consumer/" + name + ":" + creation;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private static final class FakeConsumer {
        final String arn;
        ConsumerStatus status;
        int describesLeft;
        final Instant created;

        FakeConsumer(String arn, ConsumerStatus status, int describesLeft, Instant created) {
            this.created = created;
            this.arn = arn;
            this.status = status;
            this.describesLeft = describesLeft;
        }
    }

    private static final class FakeShard {
        final Shard shard;
        final List<Record> records = new ArrayList<>();
        boolean closed;

        FakeShard(Shard shard) {
            this.shard = shard;
        }
    }
}
