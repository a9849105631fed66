package io.flinkrw.connector.kinesis.testutils;

import io.flinkrw.testutils.KinesisEmulator;

import org.apache.flink.connector.testframe.external.ExternalContextFactory;

import java.util.Map;

/** One {@link KinesisSourceExternalContext}, with its own stream, per suite test. */
public final class KinesisSourceExternalContextFactory
        implements ExternalContextFactory<KinesisSourceExternalContext> {

    private final KinesisEmulator emulator;
    private final Map<String, String> extraOptions;

    public KinesisSourceExternalContextFactory(KinesisEmulator emulator) {
        this(emulator, Map.of());
    }

    /** Contexts whose sources also get {@code extraOptions}. */
    public KinesisSourceExternalContextFactory(
            KinesisEmulator emulator, Map<String, String> extraOptions) {
        this.emulator = emulator;
        this.extraOptions = Map.copyOf(extraOptions);
    }

    @Override
    public KinesisSourceExternalContext createExternalContext(String testName) {
        return new KinesisSourceExternalContext(emulator, extraOptions);
    }
}
