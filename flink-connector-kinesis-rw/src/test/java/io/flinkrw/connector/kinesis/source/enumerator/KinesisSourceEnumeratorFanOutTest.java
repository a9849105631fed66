package io.flinkrw.connector.kinesis.source.enumerator;

import io.flinkrw.connector.kinesis.config.KinesisSourceConfig;
import io.flinkrw.connector.kinesis.source.proxy.FakeStreamProxy;
import io.flinkrw.connector.kinesis.source.split.KinesisShardSplit;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.core.testutils.ManuallyTriggeredScheduledExecutorService;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enumerator's side of enhanced fan-out: the stream consumer's lifecycle and the events. */
class KinesisSourceEnumeratorFanOutTest {

    private static final String CONSUMER = "flink-job";
    private static final Instant STARTUP = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final String KEY = "null|us-east-1|orders|" + CONSUMER;

    private final FakeStreamProxy proxy =
            new FakeStreamProxy()
                    .addShard("shardId-000000000000", "0", "99")
                    .addShard("shardId-000000000001", "100", "199");
    private final ManuallyTriggeredScheduledExecutorService deregistrationExecutor =
            new ManuallyTriggeredScheduledExecutorService();
    private final ConsumerDeregistrations deregistrations =
            new ConsumerDeregistrations(
                    Duration.ofSeconds(10), () -> deregistrationExecutor, false);
    private final AtomicLong clockNanos = new AtomicLong();

    private static KinesisSourceConfig config() {
        Map<String, String> options = new HashMap<>();
        options.put("stream", "orders");
        options.put("aws.region", "us-east-1");
        options.put("kinesis.reader.type", "efo");
        options.put("kinesis.efo.consumer_name", CONSUMER);
        return KinesisSourceConfig.fromOptions(Configuration.fromMap(options));
    }

    private KinesisSourceEnumerator enumerator(
            TestingSplitEnumeratorContext<KinesisShardSplit> context,
            KinesisSourceEnumState state) {
        StreamConsumerRegistrar registrar =
                new StreamConsumerRegistrar(
                        proxy,
                        "orders",
                        CONSUMER,
                        STARTUP,
                        millis -> clockNanos.addAndGet(millis * 1_000_000),
                        clockNanos::get,
                        Duration.ofMinutes(5));
        return new KinesisSourceEnumerator(
                context,
                config(),
                proxy,
                STARTUP,
                state,
                false,
                () -> STARTUP,
                registrar,
                deregistrations);
    }

    private static TestingSplitEnumeratorContext<KinesisShardSplit> context(int... readers) {
        TestingSplitEnumeratorContext<KinesisShardSplit> context =
                new TestingSplitEnumeratorContext<>(2);
        for (int reader : readers) {
            context.registerReader(reader, "localhost");
        }
        return context;
    }

    private static List<FanOutConsumerEvent> fanOutEvents(
            TestingSplitEnumeratorContext<KinesisShardSplit> context, int reader) {
        List<SourceEvent> events = context.getSentEvents().getOrDefault(reader, List.of());
        return events.stream()
                .filter(e -> e instanceof FanOutConsumerEvent)
                .map(e -> (FanOutConsumerEvent) e)
                .collect(Collectors.toList());
    }

    private List<String> registrations() {
        return proxy.calls().stream()
                .filter(call -> call.startsWith("registerStreamConsumer"))
                .collect(Collectors.toList());
    }

    @Test
    void registersAMissingConsumerWaitsUntilItIsActiveAndTellsEveryReader() {
        proxy.setDescribesUntilActive(3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();

        String arn = proxy.consumerArnOf(CONSUMER);
        assertThat(registrations()).hasSize(1);
        assertThat(fanOutEvents(context, 0))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.consumerArn()).isEqualTo(arn);
                            assertThat(e.closedShardIds()).isEmpty();
                        });
        assertThat(enumerator.snapshotState(1).registeredConsumerArn()).isEqualTo(arn);

        // A reader that registers later (or again, after a failure) is told as well.
        context.registerReader(1, "localhost");
        enumerator.addReader(1);
        assertThat(fanOutEvents(context, 1))
                .extracting(FanOutConsumerEvent::consumerArn)
                .containsExactly(arn);
    }

    @Test
    void usesAnExistingConsumerAsItIsAndNeverDeregistersIt() {
        proxy.addActiveConsumer(CONSUMER);
        String arn = proxy.consumerArnOf(CONSUMER);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();

        assertThat(registrations()).isEmpty();
        assertThat(fanOutEvents(context, 0))
                .extracting(FanOutConsumerEvent::consumerArn)
                .containsExactly(arn);
        assertThat(enumerator.snapshotState(1).registeredConsumerArn()).isNull();
        enumerator.close();
        assertThat(deregistrations.isPending(KEY)).isFalse();
        assertThat(proxy.isClosed()).isTrue();
        deregistrationExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).isEmpty();
    }

    @Test
    void aConsumerStillGoingAwayFromAnEarlierRunIsWaitedForAndRegisteredAgain() {
        proxy.addActiveConsumer(CONSUMER);
        String old = proxy.consumerArnOf(CONSUMER);
        proxy.deleteConsumer(CONSUMER, 3);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();

        String arn = proxy.consumerArnOf(CONSUMER);
        assertThat(arn).isNotEqualTo(old);
        assertThat(fanOutEvents(context, 0))
                .extracting(FanOutConsumerEvent::consumerArn)
                .containsExactly(arn);
        assertThat(enumerator.snapshotState(1).registeredConsumerArn()).isEqualTo(arn);
    }

    @Test
    void failsTheJobWhenTheConsumerNeverBecomesActive() {
        proxy.setDescribesUntilActive(Integer.MAX_VALUE);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        assertThatThrownBy(context::triggerAllActions)
                .hasStackTraceContaining("did not become ACTIVE within 300 s")
                .hasStackTraceContaining(CONSUMER);
    }

    @Test
    void aStreamWithAllItsConsumerSlotsTakenFailsTheJobAtOnce() {
        proxy.failNextRegisterStreamConsumer(
                () ->
                        LimitExceededException.builder()
                                .message("Only 20 consumers can be registered to a stream at once")
                                .build());
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        assertThatThrownBy(context::triggerAllActions)
                .hasStackTraceContaining("stream consumer limit")
                .hasStackTraceContaining("Only 20 consumers can be registered")
                .hasStackTraceContaining(CONSUMER)
                .hasStackTraceContaining("'orders'");
        assertThat(registrations()).hasSize(1);
        assertThat(clockNanos.get()).isZero();
    }

    @Test
    void aRegistrationRateLimitIsWaitedOut() {
        proxy.failNextRegisterStreamConsumer(
                () ->
                        LimitExceededException.builder()
                                .message("Rate limit exceeded for RegisterStreamConsumer")
                                .build());
        proxy.failNextRegisterStreamConsumer(
                () ->
                        LimitExceededException.builder()
                                .message("Only 5 consumers can be created at the same time")
                                .build());
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();
        assertThat(registrations()).hasSize(3);
        assertThat(fanOutEvents(context, 0))
                .extracting(FanOutConsumerEvent::consumerArn)
                .containsExactly(proxy.consumerArnOf(CONSUMER));
    }

    @Test
    void aConsumerThisSourceRegisteredIsDeregisteredAfterTheGracePeriodWhenTheJobEnds() {
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();
        String arn = proxy.consumerArnOf(CONSUMER);

        enumerator.close();
        assertThat(deregistrations.isPending(KEY)).isTrue();
        assertThat(proxy.deregisteredConsumers()).isEmpty();
        assertThat(proxy.isClosed()).isFalse();
        assertThat(deregistrationExecutor.getAllNonPeriodicScheduledTask())
                .singleElement()
                .satisfies(
                        task ->
                                assertThat(task.getDelay(java.util.concurrent.TimeUnit.SECONDS))
                                        .isEqualTo(10));

        deregistrationExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).containsExactly(arn);
        assertThat(proxy.isClosed()).isTrue();
        assertThat(deregistrations.isPending(KEY)).isFalse();
    }

    @Test
    void aFailoverKeepsTheConsumerAndTheNewEnumeratorOwnsIt() {
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator first = enumerator(context, KinesisSourceEnumState.initial());
        first.start();
        context.triggerAllActions();
        String arn = proxy.consumerArnOf(CONSUMER);
        first.close();

        // A global failover before the first checkpoint: a fresh enumerator, no state.
        TestingSplitEnumeratorContext<KinesisShardSplit> again = context(0);
        KinesisSourceEnumerator second = enumerator(again, KinesisSourceEnumState.initial());
        second.start();
        assertThat(deregistrations.isPending(KEY)).isFalse();
        again.triggerAllActions();
        deregistrationExecutor.triggerNonPeriodicScheduledTasks();

        assertThat(proxy.deregisteredConsumers()).isEmpty();
        assertThat(registrations()).hasSize(1);
        assertThat(proxy.consumerArnOf(CONSUMER)).isEqualTo(arn);
        assertThat(fanOutEvents(again, 0))
                .extracting(FanOutConsumerEvent::consumerArn)
                .containsExactly(arn);
        assertThat(second.snapshotState(1).registeredConsumerArn()).isEqualTo(arn);

        second.close();
        deregistrationExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).containsExactly(arn);
    }

    @Test
    void aConsumerRegisteredByAJobManagerThatDiedBeforeACheckpointIsDeregisteredWhenTheJobEnds() {
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator first = enumerator(context, KinesisSourceEnumState.initial());
        first.start();
        context.triggerAllActions();
        String arn = proxy.consumerArnOf(CONSUMER);

        // The JobManager process dies: no close, no checkpoint, and the new JobManager's JVM has
        // no pending deregistration to claim.
        ManuallyTriggeredScheduledExecutorService newJvmExecutor =
                new ManuallyTriggeredScheduledExecutorService();
        ConsumerDeregistrations newJvm =
                new ConsumerDeregistrations(Duration.ofSeconds(10), () -> newJvmExecutor, false);
        TestingSplitEnumeratorContext<KinesisShardSplit> recovered = context(0);
        KinesisSourceEnumerator second =
                new KinesisSourceEnumerator(
                        recovered,
                        config(),
                        proxy,
                        STARTUP,
                        KinesisSourceEnumState.initial(),
                        false,
                        () -> STARTUP,
                        new StreamConsumerRegistrar(
                                proxy,
                                "orders",
                                CONSUMER,
                                STARTUP,
                                millis -> clockNanos.addAndGet(millis * 1_000_000),
                                clockNanos::get,
                                Duration.ofMinutes(5)),
                        newJvm);
        second.start();
        recovered.triggerAllActions();
        assertThat(registrations()).hasSize(1);
        assertThat(second.snapshotState(1).registeredConsumerArn()).isEqualTo(arn);

        second.close();
        newJvmExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).containsExactly(arn);
    }

    @Test
    void aConsumerRegisteredWhileTheJobIsCancelledIsStillDeregistered() {
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        // The job is cancelled while the worker thread registers the consumer.
        proxy.onNextRegistration(enumerator::close);
        context.triggerAllActions();
        String arn = proxy.consumerArnOf(CONSUMER);
        assertThat(arn).isNotNull();
        // The client stays open for the deregistration.
        assertThat(proxy.isClosed()).isFalse();

        deregistrationExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).containsExactly(arn);
        assertThat(proxy.isClosed()).isTrue();
    }

    @Test
    void theCheckpointRemembersWhichConsumerThisSourceRegistered() {
        proxy.addActiveConsumer(CONSUMER);
        String arn = proxy.consumerArnOf(CONSUMER);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0);
        KinesisSourceEnumerator enumerator =
                enumerator(
                        context,
                        new KinesisSourceEnumState(
                                "shardId-000000000001", List.of(), List.of(), arn));
        enumerator.start();
        context.triggerAllActions();
        enumerator.close();
        deregistrationExecutor.triggerNonPeriodicScheduledTasks();
        assertThat(proxy.deregisteredConsumers()).containsExactly(arn);
    }

    @Test
    void aConsumerDeletedWhileTheJobRunsIsRegisteredAgainAndTheReadersAreTold() {
        proxy.addActiveConsumer(CONSUMER);
        String first = proxy.consumerArnOf(CONSUMER);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0, 1);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();

        // Checked at every discovery interval: nothing changes while it is active.
        context.getExecutorService().triggerPeriodicScheduledTasks();
        assertThat(fanOutEvents(context, 0)).hasSize(1);

        proxy.deleteConsumer(CONSUMER, 0);
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.getExecutorService().triggerAll();
        String second = proxy.consumerArnOf(CONSUMER);
        assertThat(second).isNotEqualTo(first);
        for (int reader : new int[] {0, 1}) {
            assertThat(fanOutEvents(context, reader))
                    .extracting(FanOutConsumerEvent::consumerArn)
                    .containsExactly(first, second);
        }
        // It registered this one, so it deregisters it when the job ends.
        assertThat(enumerator.snapshotState(1).registeredConsumerArn()).isEqualTo(second);
    }

    @Test
    void theReadersLearnWhichShardsAreClosed() {
        proxy.addActiveConsumer(CONSUMER);
        TestingSplitEnumeratorContext<KinesisShardSplit> context = context(0, 1);
        KinesisSourceEnumerator enumerator = enumerator(context, KinesisSourceEnumState.initial());
        enumerator.start();
        context.triggerAllActions();
        assertThat(fanOutEvents(context, 0)).hasSize(1);

        // Shard 0 is split: its children appear in the next listing, so it is closed.
        proxy.addShard("shardId-000000000002", "0", "49", "shardId-000000000000")
                .addShard("shardId-000000000003", "50", "99", "shardId-000000000000");
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.getExecutorService().triggerAll();
        for (int reader : new int[] {0, 1}) {
            assertThat(fanOutEvents(context, reader))
                    .last()
                    .satisfies(
                            e ->
                                    assertThat(e.closedShardIds())
                                            .containsExactly("shardId-000000000000"));
        }

        // Once it is finished, it is no longer news.
        enumerator.handleSourceEvent(0, new SplitsFinishedEvent(Set.of("shardId-000000000000")));
        context.getExecutorService().triggerAll();
        assertThat(fanOutEvents(context, 0))
                .last()
                .satisfies(e -> assertThat(e.closedShardIds()).isEmpty());
    }
}
