package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.types.RowKind;

import javax.annotation.Nullable;

/**
 * The optional push-downs a table source of ours takes, decided once per table from its changelog,
 * {@code scan.parallelism} and {@link PushDownOptions#SCAN_PUSH_DOWN_ENABLED}. Each connector
 * builds the table source class that implements exactly these abilities; metadata and {@code
 * SOURCE_WATERMARK()} ({@link TakesMetadataAndSourceWatermark}) are taken in every case.
 */
@Internal
public enum PushDownAbilities {

    /** None: push-downs are switched off. Flink filters, projects, limits and assigns after. */
    NONE,

    /**
     * The watermark only: an upsert table with push-downs switched off. Flink 2.3's planner fails
     * on a watermark assigner above an upsert scan (an {@code IndexOutOfBoundsException} from
     * {@code WatermarkAssigner.copy} in {@code FlinkChangelogModeInferenceProgram}), so the source
     * keeps generating it; Flink filters, projects and limits after the scan.
     */
    WATERMARK_ONLY,

    /** The watermark (and filters): an upsert table with {@code scan.parallelism}. */
    WATERMARK,

    /** The watermark and the projection (and filters): an upsert table. */
    WATERMARK_AND_PROJECTION,

    /** Every one, the limit included: an insert-only table. */
    ALL;

    /** The abilities of a table source of this changelog, parallelism and switch. */
    public static PushDownAbilities of(
            ChangelogMode changelog, @Nullable Integer parallelism, boolean pushDownEnabled) {
        if (!pushDownEnabled) {
            return changelog.containsOnly(RowKind.INSERT) ? NONE : WATERMARK_ONLY;
        }
        if (!TableSourcePushDowns.canPushProjection(changelog, parallelism)) {
            return WATERMARK;
        }
        return TableSourcePushDowns.canPushLimit(changelog) ? ALL : WATERMARK_AND_PROJECTION;
    }

    /**
     * Whether the source may take the filters it applies exactly ({@code SupportsFilterPushDown});
     * which those are is the connector's decision.
     */
    public boolean filters() {
        return this != NONE && this != WATERMARK_ONLY;
    }
}
