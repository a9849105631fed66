package io.flinkrw.connector.kinesis.testutils;

import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.connector.testframe.external.ExternalContextFactory;

/** One {@link KinesisSourceExternalContext}, with its own stream, per suite test. */
public final class KinesisSourceExternalContextFactory
        implements ExternalContextFactory<KinesisSourceExternalContext> {

    private final KinesisEmulator emulator;

    public KinesisSourceExternalContextFactory(KinesisEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public KinesisSourceExternalContext createExternalContext(String testName) {
        return new KinesisSourceExternalContext(emulator);
    }
}
