package io.flinkrw.ddl.parse;

/** A place in the input: 1-based line and column (a tab counts as one column). */
public record SourcePosition(int line, int column) {

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
