package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.SourcePosition;

import java.util.ArrayList;
import java.util.List;

/** The findings of one statement's translation, and whether one of them prevents a table. */
final class Findings {

    private final List<Finding> list = new ArrayList<>();
    private boolean blocked;

    /** Something worth knowing; the table is printed. */
    void note(SourcePosition at, String message) {
        list.add(new Finding(Severity.NOTE, at, message));
    }

    /** A feature with no equivalent that the table is printed without. */
    void unsupported(SourcePosition at, String message) {
        list.add(new Finding(Severity.UNSUPPORTED, at, message));
    }

    /** A mistake or failure that the table is printed despite. */
    void error(SourcePosition at, String message) {
        list.add(new Finding(Severity.ERROR, at, message));
    }

    /** A feature with no equivalent that leaves no table to print. */
    void unsupportedBlocking(SourcePosition at, String message) {
        unsupported(at, message);
        blocked = true;
    }

    /** A mistake or failure that leaves no table to print. */
    void errorBlocking(SourcePosition at, String message) {
        error(at, message);
        blocked = true;
    }

    boolean blocked() {
        return blocked;
    }

    List<Finding> list() {
        return list;
    }
}
