package io.flinkrw.connector.kinesis.config;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupSequenceNumbersTest {

    @Test
    void oneNumberAppliesToEveryShard() {
        StartupSequenceNumbers numbers = StartupSequenceNumbers.parse(" 4961 ");
        assertThat(numbers.isPerShard()).isFalse();
        assertThat(numbers.forShard("shardId-000000000000")).contains("4961");
        assertThat(numbers.forShard("shardId-000000000007")).contains("4961");
        assertThat(numbers).hasToString("4961");
    }

    @Test
    void perShardListLeavesOtherShardsAtTheEarliest() {
        StartupSequenceNumbers numbers =
                StartupSequenceNumbers.parse("shardId-000000000000:11;shardId-000000000001:22;");
        assertThat(numbers.isPerShard()).isTrue();
        assertThat(numbers.forShard("shardId-000000000000")).contains("11");
        assertThat(numbers.forShard("shardId-000000000001")).contains("22");
        assertThat(numbers.forShard("shardId-000000000002")).isEmpty();
        assertThat(StartupSequenceNumbers.parse(numbers.toString())).isEqualTo(numbers);
    }

    @Test
    void mapFormEqualsTheText() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("shardId-000000000000", "11");
        map.put("shardId-000000000001", "22");
        assertThat(StartupSequenceNumbers.perShard(map))
                .isEqualTo(
                        StartupSequenceNumbers.parse(
                                "shardId-000000000000:11;shardId-000000000001:22"));
    }

    @Test
    void rejectsMalformedValues() {
        assertThatThrownBy(() -> StartupSequenceNumbers.parse("shardId-000000000000:1;x"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("entry 'x' is not of the form shardId:sequenceNumber");
        assertThatThrownBy(() -> StartupSequenceNumbers.parse("s:1;s:2"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("shard 's' is listed twice");
        assertThatThrownBy(() -> StartupSequenceNumbers.parse("s:abc"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("the sequence number of shard 's' must be decimal digits");
        assertThatThrownBy(() -> StartupSequenceNumbers.parse(":1"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("a shard id must not be empty");
        assertThatThrownBy(() -> StartupSequenceNumbers.parse(";"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be decimal digits");
    }
}
