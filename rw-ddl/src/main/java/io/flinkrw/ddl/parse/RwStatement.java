package io.flinkrw.ddl.parse;

import javax.annotation.Nullable;

import java.util.List;

/** One statement of the input. */
public sealed interface RwStatement
        permits RwStatement.Create, RwStatement.Other, RwStatement.Broken {

    /** Where the statement starts. */
    SourcePosition position();

    /** {@code CREATE [MATERIALIZED] {TABLE | SOURCE}}: what the translator translates. */
    record Create(
            Kind kind,
            SourcePosition position,
            boolean ifNotExists,
            RwName name,
            boolean hasColumnList,
            boolean wildcard,
            List<RwColumn> columns,
            @Nullable RwPrimaryKey primaryKey,
            List<RwInclude> includes,
            List<RwOption> withOptions,
            @Nullable RwFormat format,
            List<RwClause> clauses)
            implements RwStatement {

        public Create {
            columns = List.copyOf(columns);
            includes = List.copyOf(includes);
            withOptions = List.copyOf(withOptions);
            clauses = List.copyOf(clauses);
        }
    }

    /** The kind of CREATE statement. */
    enum Kind {
        TABLE("CREATE TABLE"),
        SOURCE("CREATE SOURCE"),
        /** RisingWave's old name for a table with a connector. */
        MATERIALIZED_SOURCE("CREATE MATERIALIZED SOURCE");

        private final String sql;

        Kind(String sql) {
            this.sql = sql;
        }

        public String sql() {
            return sql;
        }

        /** Whether RisingWave stores the rows (a table) rather than reading them on demand. */
        public boolean stores() {
            return this != SOURCE;
        }
    }

    /** Any other statement: not translated, reported. */
    record Other(String summary, SourcePosition position) implements RwStatement {}

    /** A statement with a syntax error. */
    record Broken(RwSyntaxException error) implements RwStatement {
        @Override
        public SourcePosition position() {
            return error.position();
        }
    }
}
