package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.RwDdlParser;
import io.flinkrw.ddl.parse.RwStatement;
import io.flinkrw.ddl.parse.RwSyntaxException;

import org.apache.flink.util.Preconditions;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates RisingWave {@code CREATE SOURCE} and {@code CREATE TABLE} statements for the {@code
 * kinesis} and {@code nats} connectors into Flink {@code CREATE TABLE} statements.
 *
 * <pre>{@code
 * List<StatementTranslation> translations = RwDdlTranslator.create().translate(sql);
 * String flinkSql = FlinkDdlPrinter.print(translations);
 * }</pre>
 *
 * <p>Each statement of the input gives one {@link StatementTranslation}: the Flink table, or the
 * reason there is none (a syntax error with its line and column, an unsupported feature, another
 * kind of statement), and findings with the line they come from.
 */
public final class RwDdlTranslator {

    private final Settings settings;

    private RwDdlTranslator(Settings settings) {
        this.settings = settings;
    }

    /** A translator with the default settings. */
    public static RwDdlTranslator create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Translates every statement of {@code sql}. */
    public List<StatementTranslation> translate(String sql) {
        List<StatementTranslation> translations = new ArrayList<>();
        for (RwStatement statement : RwDdlParser.parse(sql)) {
            translations.add(translate(statement));
        }
        return translations;
    }

    private StatementTranslation translate(RwStatement statement) {
        if (statement instanceof RwStatement.Create create) {
            return CreateTranslator.translate(create, settings);
        }
        if (statement instanceof RwStatement.Other other) {
            return new StatementTranslation(
                    statement,
                    other.summary(),
                    List.of(),
                    List.of(
                            new Finding(
                                    Severity.UNSUPPORTED,
                                    other.position(),
                                    other.summary()
                                            + " is not translated: only CREATE TABLE and CREATE"
                                            + " SOURCE are")),
                    null);
        }
        RwSyntaxException error = ((RwStatement.Broken) statement).error();
        return new StatementTranslation(
                statement,
                "statement",
                List.of(),
                List.of(
                        new Finding(
                                Severity.ERROR,
                                error.position(),
                                "syntax error at column "
                                        + error.position().column()
                                        + ": "
                                        + error.problem())),
                null);
    }

    /** How the translator writes its output and where it finds schemas. */
    public record Settings(boolean connectorAliases, SchemaColumnDeriver deriver) {}

    /** Builds a {@link RwDdlTranslator}. */
    public static final class Builder {
        private boolean connectorAliases;
        private SchemaColumnDeriver deriver = SchemaColumnDeriver.FORMATS;

        private Builder() {}

        /**
         * Writes the connectors' alias identifiers ({@code kinesis-rw}, {@code nats-rw}) for
         * clusters that also carry Flink's own Kinesis connector. Default: {@code kinesis}, {@code
         * nats}.
         */
        public Builder connectorAliases(boolean connectorAliases) {
            this.connectorAliases = connectorAliases;
            return this;
        }

        /** Where columns come from for statements without a column list. */
        public Builder deriver(SchemaColumnDeriver deriver) {
            this.deriver = Preconditions.checkNotNull(deriver);
            return this;
        }

        public RwDdlTranslator build() {
            return new RwDdlTranslator(new Settings(connectorAliases, deriver));
        }
    }
}
