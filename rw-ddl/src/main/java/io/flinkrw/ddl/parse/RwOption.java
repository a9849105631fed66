package io.flinkrw.ddl.parse;

/** A {@code key = value} option; the key is dotted and lower-cased where unquoted. */
public record RwOption(String key, RwValue value, SourcePosition position) {}
