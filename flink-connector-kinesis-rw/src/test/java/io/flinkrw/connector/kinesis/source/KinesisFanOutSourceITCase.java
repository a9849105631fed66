package io.flinkrw.connector.kinesis.source;

import io.flinkrw.connector.kinesis.testutils.KinesisSourceExternalContextFactory;
import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

import java.util.Map;

/**
 * Flink's own connector test suite, exactly once, with enhanced fan-out: SubscribeToShard over
 * HTTP/2 without TLS (h2c) against kinesis-local. Each test's source registers its stream's
 * consumer.
 */
class KinesisFanOutSourceITCase extends SourceTestSuiteBase<String> {

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem KinesisEmulator kinesis = KinesisEmulator.kinesisLocal();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    KinesisSourceExternalContextFactory contexts =
            new KinesisSourceExternalContextFactory(
                    kinesis,
                    Map.of(
                            "kinesis.reader.type", "efo",
                            "kinesis.efo.consumer_name", "flink-suite"));
}
