package io.flinkrw.connector.kinesis.table;

import org.apache.flink.annotation.Internal;

/**
 * The same connector as {@link KinesisDynamicTableFactory} under the identifier {@code kinesis-rw},
 * for clusters that also carry Flink's own {@code kinesis} connector.
 */
@Internal
public final class KinesisRwDynamicTableFactory extends KinesisDynamicTableFactory {

    public static final String IDENTIFIER = "kinesis-rw";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }
}
