package io.flinkrw.ddl.parse;

/**
 * An identifier: its RisingWave value (an unquoted identifier folded to lower case, a quoted one as
 * written) and where it is.
 */
public record RwIdent(String value, boolean quoted, SourcePosition position) {}
