package io.flinkrw.ddl.parse;

/** A syntax error in RisingWave DDL, with the line and column it is at. */
public final class RwSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SourcePosition position;
    private final String problem;

    public RwSyntaxException(SourcePosition position, String problem) {
        super(position + ": " + problem);
        this.position = position;
        this.problem = problem;
    }

    public SourcePosition position() {
        return position;
    }

    /** The message without the position. */
    public String problem() {
        return problem;
    }
}
