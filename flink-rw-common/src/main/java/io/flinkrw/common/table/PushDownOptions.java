package io.flinkrw.common.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The table option that switches off the optional push-downs of our table sources. */
@PublicEvolving
public final class PushDownOptions {

    private PushDownOptions() {}

    public static final ConfigOption<Boolean> SCAN_PUSH_DOWN_ENABLED =
            ConfigOptions.key("scan.push-down.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the planner may push filters, projections (into the"
                                    + " format), limits and the watermark of a 'WATERMARK FOR ..."
                                    + " AS <expression>' into the source. With 'false' the source"
                                    + " reads and decodes every record whole and Flink filters,"
                                    + " projects, limits and assigns the watermark in operators"
                                    + " after the scan: the way out when a push-down is in doubt."
                                    + " Metadata columns and SOURCE_WATERMARK() are read by the"
                                    + " source either way.");
}
