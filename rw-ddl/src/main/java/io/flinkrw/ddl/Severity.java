package io.flinkrw.ddl;

/** How much a finding about a statement matters. */
public enum Severity {
    /** The translation differs from RisingWave in a way worth knowing; nothing is lost. */
    NOTE("note"),
    /** The statement uses something with no equivalent in Flink and our connectors. */
    UNSUPPORTED("unsupported"),
    /** The statement is wrong, or what it refers to (a schema) could not be read. */
    ERROR("error");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the finding makes the tool exit non-zero (unless told to keep going). */
    public boolean isProblem() {
        return this != NOTE;
    }
}
