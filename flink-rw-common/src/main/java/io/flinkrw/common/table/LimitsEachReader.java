package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;

/**
 * A table source of ours whose bounded reads stop each reader after the pushed limit (unbounded
 * reads ignore it). A connector's table source class implements it only where {@link
 * PushDownAbilities#ALL} allows.
 */
@Internal
public interface LimitsEachReader extends SupportsLimitPushDown {

    /** What the planner pushed into the source. */
    TableSourcePushDowns pushDowns();

    @Override
    default void applyLimit(long limit) {
        pushDowns().applyLimit(limit);
    }
}
