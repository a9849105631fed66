package io.flinkrw.connector.nats.config;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Narrowing the {@code subject} option to the published subjects a query asks for. */
class SubjectNarrowingTest {

    private static NatsSourceConfig config(String subjects, String... extra) {
        Map<String, String> options = new HashMap<>();
        options.put("server_url", "localhost:4222");
        options.put("subject", subjects);
        options.put("connect_mode", "plain");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return NatsSourceConfig.fromProperties(options);
    }

    @Test
    void wildcardsMatchAsNatsDoes() {
        assertThat(Subjects.matches("orders.*", "orders.eu")).isTrue();
        assertThat(Subjects.matches("orders.*", "orders.eu.north")).isFalse();
        assertThat(Subjects.matches("orders.*", "orders")).isFalse();
        assertThat(Subjects.matches("orders.>", "orders.eu.north")).isTrue();
        assertThat(Subjects.matches("orders.>", "orders")).isFalse();
        assertThat(Subjects.matches(">", "a")).isTrue();
        assertThat(Subjects.matches("*.eu", "orders.eu")).isTrue();
        assertThat(Subjects.matches("orders.eu", "orders.eu")).isTrue();
        assertThat(Subjects.matches("orders.eu", "orders.us")).isFalse();
    }

    @Test
    void onlyPublishableSubjectsCanBeRead() {
        assertThat(Subjects.isPublishable("orders.eu")).isTrue();
        assertThat(Subjects.isPublishable("orders.*")).isFalse();
        assertThat(Subjects.isPublishable("orders.>")).isFalse();
        assertThat(Subjects.isPublishable("orders..eu")).isFalse();
        assertThat(Subjects.isPublishable("orders.eu ")).isFalse();
        assertThat(Subjects.isPublishable("")).isFalse();
    }

    @Test
    void onlyATokenThatIsExactlyAWildcardIsOne() {
        // nats-server: a token that merely contains '*' or '>' is a literal.
        assertThat(Subjects.isPublishable("orders.a*b")).isTrue();
        assertThat(Subjects.isPublishable("orders.a>b")).isTrue();
        assertThat(Subjects.isPublishable("orders.*x.>y")).isTrue();
        assertThat(Subjects.isPublishable("*.orders")).isFalse();
        assertThat(Subjects.isPublishable("orders\t.eu")).isFalse();
        assertThat(Subjects.matches("orders.*", "orders.a*b")).isTrue();
        assertThat(Subjects.matches("orders.a*b", "orders.ab")).isFalse();
        assertThat(
                        config("orders.*")
                                .narrowedTo(Set.of("orders.a*b", "orders.a>b"))
                                .splitSubjects())
                .containsExactly("orders.a*b", "orders.a>b");
        assertThat(config("orders.a*b").subjects()).containsExactly("orders.a*b");
    }

    @Test
    void narrowsToTheWantedSubjectsTheOptionCovers() {
        NatsSourceConfig narrowed =
                config("orders.*,pay.>")
                        .narrowedTo(
                                Set.of(
                                        "pay.card.visa",
                                        "orders.eu",
                                        "orders.eu.north",
                                        "refunds.x",
                                        "orders.*"));
        assertThat(narrowed.splitSubjects()).containsExactly("orders.eu", "pay.card.visa");
        assertThat(narrowed.subjects()).containsExactly("orders.*", "pay.>");
        assertThat(narrowed.isNarrowed()).isTrue();
        assertThat(narrowed).isNotEqualTo(config("orders.*,pay.>"));
        assertThat(narrowed.toString()).contains("narrowed to [orders.eu, pay.card.visa]");
    }

    @Test
    void nothingCoveredReadsNothing() {
        assertThat(config("orders.*").narrowedTo(Set.of("pay.x", "orders.*")).splitSubjects())
                .isEmpty();
        assertThat(config("orders.*").narrowedTo(Set.of()).splitSubjects()).isEmpty();
    }

    @Test
    void narrowingTwiceIntersects() {
        NatsSourceConfig once = config("orders.*").narrowedTo(List.of("orders.eu", "orders.us"));
        assertThat(once.narrowedTo(List.of("orders.us", "orders.asia")).splitSubjects())
                .containsExactly("orders.us");
    }

    @Test
    void aConfiguredSubjectKeepsItsDurableConsumer() {
        NatsSourceConfig single = config("orders.eu", "consumer.durable_name", "flink");
        NatsSourceConfig narrowed = single.narrowedTo(List.of("orders.eu"));
        assertThat(narrowed.consumer().durableNameFor("orders.eu")).isEqualTo("flink");
        NatsSourceConfig wildcard = config("orders.*", "consumer.durable_name", "flink");
        assertThat(wildcard.narrowedTo(List.of("orders.eu")).consumer().durableNameFor("orders.eu"))
                .isEqualTo("flink_orders_eu");
    }

    @Test
    void subjectsThatWouldShareADurableConsumerAreNotNarrowedTo() {
        NatsSourceConfig config = config("orders.>", "consumer.durable_name", "flink");
        assertThatThrownBy(() -> config.narrowedTo(List.of("orders.a_b", "orders.a.b")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("flink_orders_a_b");
    }
}
