package io.flinkrw.common.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordLimitTest {

    @Test
    void isReachedAfterTheLimitOfEmittedRecords() {
        RecordLimit limit = new RecordLimit(2);
        assertThat(limit.isLimited()).isTrue();
        assertThat(limit.isReached()).isFalse();
        limit.recordEmitted();
        assertThat(limit.isReached()).isFalse();
        limit.recordEmitted();
        assertThat(limit.isReached()).isTrue();
        assertThat(new RecordLimit(0).isReached()).isTrue();
    }

    @Test
    void unlimitedIsNeverReached() {
        RecordLimit none = new RecordLimit(RecordLimit.UNLIMITED);
        none.recordEmitted();
        assertThat(none.isLimited()).isFalse();
        assertThat(none.isReached()).isFalse();
    }
}
