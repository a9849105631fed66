package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.SourcePosition;

/** Something the translation of a statement reports, with the place in the input it is about. */
public record Finding(Severity severity, SourcePosition position, String message) {}
