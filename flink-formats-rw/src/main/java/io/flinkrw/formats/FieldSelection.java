package io.flinkrw.formats;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Preconditions;

import java.util.Arrays;

/**
 * Which declared fields of a row a decoder fills, and where each value goes in the produced row.
 *
 * <p>Without projection every declared field {@code i} goes to slot {@code i}. With a projection
 * (Flink's {@code int[][]} paths, possibly nested) a selected field either goes whole to a slot of
 * the produced top-level row, or the decoder descends into it and fills the slots of its selected
 * subfields; fields selected by nobody are skipped without being converted.
 */
@Internal
public final class FieldSelection {

    private final RowType rowType;
    private final int[] slots;
    private final FieldSelection[] nested;

    private FieldSelection(RowType rowType) {
        this.rowType = rowType;
        this.slots = new int[rowType.getFieldCount()];
        Arrays.fill(slots, -1);
        this.nested = new FieldSelection[rowType.getFieldCount()];
    }

    /** Every field of {@code rowType}, field {@code i} into slot {@code i}. */
    public static FieldSelection all(RowType rowType) {
        FieldSelection selection = new FieldSelection(rowType);
        for (int i = 0; i < selection.slots.length; i++) {
            selection.slots[i] = i;
        }
        return selection;
    }

    /**
     * The fields the projection paths select; path {@code k} goes to slot {@code k}. A field that
     * is selected whole needs no subfield selected as well (Flink's planner never asks for both).
     */
    public static FieldSelection of(RowType rowType, int[][] projections) {
        FieldSelection root = new FieldSelection(rowType);
        for (int k = 0; k < projections.length; k++) {
            int[] path = projections[k];
            Preconditions.checkArgument(path.length > 0, "Empty projection path");
            FieldSelection level = root;
            for (int depth = 0; depth < path.length - 1; depth++) {
                int field = path[depth];
                Preconditions.checkArgument(
                        level.slots[field] < 0,
                        "Projection %s selects field %s both whole and in part",
                        Arrays.toString(path),
                        field);
                LogicalType type = level.rowType.getTypeAt(field);
                Preconditions.checkArgument(
                        type instanceof RowType,
                        "Projection %s goes into a field that is not a ROW",
                        Arrays.toString(path));
                if (level.nested[field] == null) {
                    level.nested[field] = new FieldSelection((RowType) type);
                }
                level = level.nested[field];
            }
            int last = path[path.length - 1];
            Preconditions.checkArgument(
                    level.nested[last] == null && level.slots[last] < 0,
                    "Projection %s selects field %s twice",
                    Arrays.toString(path),
                    last);
            level.slots[last] = k;
        }
        return root;
    }

    /** The declared type of this level. */
    public RowType rowType() {
        return rowType;
    }

    public int fieldCount() {
        return slots.length;
    }

    /** Whether the decoder needs field {@code i} at all. */
    public boolean isSelected(int i) {
        return slots[i] >= 0 || nested[i] != null;
    }

    /** The produced slot of field {@code i} when it is selected whole, else -1. */
    public int slot(int i) {
        return slots[i];
    }

    /** The selection inside field {@code i} when only some of its subfields are selected. */
    public FieldSelection nested(int i) {
        return nested[i];
    }

    /**
     * Copies the selected fields of {@code value}, a whole row of this selection's type, into their
     * slots of {@code target}; a null row leaves them null.
     */
    public void scatter(GenericRowData value, GenericRowData target) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] >= 0) {
                target.setField(slots[i], value.getField(i));
            } else if (nested[i] != null) {
                nested[i].scatter((GenericRowData) value.getField(i), target);
            }
        }
    }

    public String fieldName(int i) {
        return rowType.getFieldNames().get(i);
    }

    public LogicalType fieldType(int i) {
        return rowType.getTypeAt(i);
    }
}
