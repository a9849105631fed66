package io.flinkrw.ddl;

import io.flinkrw.ddl.parse.RwClause;
import io.flinkrw.ddl.parse.RwColumn;
import io.flinkrw.ddl.parse.RwFormat;
import io.flinkrw.ddl.parse.RwIdent;
import io.flinkrw.ddl.parse.RwInclude;
import io.flinkrw.ddl.parse.RwOption;
import io.flinkrw.ddl.parse.RwStatement;
import io.flinkrw.ddl.parse.RwValue;
import io.flinkrw.ddl.parse.SourcePosition;
import io.flinkrw.formats.schema.ColumnList;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Translates one RisingWave CREATE TABLE / CREATE SOURCE into a Flink table and findings. */
final class CreateTranslator {

    private final RwStatement.Create statement;
    private final RwDdlTranslator.Settings settings;
    private final Findings findings = new Findings();
    private final List<String> explanations = new ArrayList<>();

    private CreateTranslator(RwStatement.Create statement, RwDdlTranslator.Settings settings) {
        this.statement = statement;
        this.settings = settings;
    }

    static StatementTranslation translate(
            RwStatement.Create statement, RwDdlTranslator.Settings settings) {
        return new CreateTranslator(statement, settings).translate();
    }

    private StatementTranslation translate() {
        String title = statement.kind().sql() + " " + statement.name().text();
        FlinkTable table = table();
        List<Finding> sorted = new ArrayList<>();
        for (Finding finding : findings.list()) {
            // Notes describe a translation; without a table they are noise.
            if (table != null && !findings.blocked() || finding.severity().isProblem()) {
                sorted.add(finding);
            }
        }
        sorted.sort(
                Comparator.comparingInt((Finding f) -> f.position().line())
                        .thenComparingInt(f -> f.position().column()));
        return new StatementTranslation(
                statement,
                title,
                table == null ? List.of() : explanations,
                sorted,
                findings.blocked() ? null : table);
    }

    @Nullable
    private FlinkTable table() {
        for (RwClause clause : statement.clauses()) {
            if (clause.kind() == RwClause.Kind.AS_QUERY) {
                findings.unsupportedBlocking(
                        clause.position(),
                        "CREATE ... AS a query is not a source: only tables and sources with a"
                                + " connector translate");
                return null;
            }
        }
        ConnectorProfile profile = connector();
        clauses();
        RwFormat format = statement.format();
        FormatMapping.Result formatResult = null;
        if (format == null) {
            findings.errorBlocking(
                    statement.position(),
                    "no format: a source needs FORMAT ... ENCODE ... (or the legacy ROW FORMAT"
                            + " ...)");
        } else {
            formatResult = FormatMapping.translate(format, findings);
        }
        List<FlinkColumn> columns = formatResult == null ? List.of() : physical(formatResult);
        List<FlinkColumn> metadata = profile == null ? List.of() : metadata(profile);
        List<FlinkColumn> all = new ArrayList<>(columns);
        all.addAll(metadata);
        checkUniqueNames(all);
        List<String> primaryKey = primaryKey(columns, metadata);
        Map<String, String> options = profile == null ? Map.of() : options(profile);
        if (findings.blocked() || formatResult == null || formatResult.identifier() == null) {
            return null;
        }
        Map<String, String> withFormat = new LinkedHashMap<>(options);
        withFormat.put("format", formatResult.identifier());
        withFormat.putAll(formatResult.options());
        if (FormatMapping.s3WithoutSettings(formatResult.plainOptions())) {
            findings.note(
                    format.position(),
                    "the schema is on S3 and no ENCODE option says how to reach it: "
                            + formatResult.identifier()
                            + " uses the default AWS region and credential chains (add '"
                            + formatResult.identifier()
                            + ".aws.region' and the credential keys if needed)");
        }
        explain(primaryKey);
        return new FlinkTable(
                name(),
                statement.ifNotExists(),
                all,
                primaryKey,
                statement.kind() == RwStatement.Kind.SOURCE,
                withFormat);
    }

    // ------------------------------------------------------------------------------ connector

    @Nullable
    private ConnectorProfile connector() {
        RwOption connector = option("connector");
        if (connector == null) {
            findings.errorBlocking(
                    statement.position(),
                    "no 'connector' option: only tables and sources with a connector ('kinesis'"
                            + " or 'nats') translate");
            return null;
        }
        if (!(connector.value() instanceof RwValue.Literal literal)) {
            findings.errorBlocking(connector.position(), "'connector' must be a string");
            return null;
        }
        ConnectorProfile profile = ConnectorProfile.of(literal.text());
        if (profile == null) {
            findings.unsupportedBlocking(
                    connector.position(),
                    "connector '"
                            + literal.text()
                            + "' is not covered: this tool translates the 'kinesis' and 'nats'"
                            + " connectors");
        }
        return profile;
    }

    @Nullable
    private RwOption option(String key) {
        for (RwOption option : statement.withOptions()) {
            if (option.key().equals(key)) {
                return option;
            }
        }
        return null;
    }

    private Map<String, String> options(ConnectorProfile profile) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "connector",
                settings.connectorAliases() ? profile.aliasIdentifier() : profile.identifier());
        Set<String> seen = new HashSet<>();
        Set<String> withKeys =
                statement.withOptions().stream().map(RwOption::key).collect(Collectors.toSet());
        for (RwOption option : statement.withOptions()) {
            String key = option.key();
            if (key.equals("connector")) {
                continue;
            }
            if (!seen.add(key)) {
                findings.error(
                        option.position(), "'" + key + "' is given twice: the first is kept");
                continue;
            }
            String value;
            if (option.value() instanceof RwValue.Literal literal) {
                value = literal.text();
            } else if (option.value() instanceof RwValue.SecretRef secret) {
                value = "<SECRET " + secret.name() + ">";
                findings.unsupported(
                        option.position(),
                        "'"
                                + key
                                + "' = SECRET "
                                + secret.name()
                                + ": Flink has no secret store; replace the placeholder with the"
                                + " value");
            } else {
                RwValue.ConnectionRef connection = (RwValue.ConnectionRef) option.value();
                findings.unsupported(
                        option.position(),
                        "'"
                                + key
                                + "' = "
                                + connection.name()
                                + ": a RisingWave CONNECTION has no equivalent; write its"
                                + " settings as options");
                continue;
            }
            String shown = FormatMapping.shown(key, value);
            String ignored = profile.ignoredByRisingWave(key, withKeys);
            if (ignored != null) {
                findings.note(option.position(), shown + " is dropped: " + ignored);
                continue;
            }
            if (profile.accepts(key)) {
                options.put(key, value);
                continue;
            }
            String reason = profile.rejectionReason(key);
            findings.unsupported(
                    option.position(),
                    shown
                            + " is dropped: the "
                            + profile.identifier()
                            + " connector has no such option"
                            + (reason == null ? "" : " (" + reason + ")"));
        }
        return options;
    }

    // -------------------------------------------------------------------------------- clauses

    private void clauses() {
        for (RwClause clause : statement.clauses()) {
            switch (clause.kind()) {
                case APPEND_ONLY:
                    break;
                case ON_CONFLICT:
                    if (!clause.text().equals("OVERWRITE")
                            && !clause.text().equals("DO UPDATE FULL")) {
                        findings.unsupported(
                                clause.position(),
                                "ON CONFLICT "
                                        + clause.text()
                                        + " has no equivalent: with a PRIMARY KEY the Flink table"
                                        + " keeps the newest record per key (ON CONFLICT"
                                        + " OVERWRITE)");
                    }
                    break;
                case WATERMARK:
                    findings.unsupported(
                            clause.position(),
                            clause.text()
                                    + " is dropped: write Flink's WATERMARK FOR clause (its column"
                                    + " must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), and interval"
                                    + " literals are written INTERVAL '5' SECOND)");
                    break;
                case VERSION_COLUMN:
                    findings.unsupported(
                            clause.position(),
                            clause.text() + " has no equivalent: the newest record per key wins");
                    break;
                case ENGINE:
                    findings.unsupported(
                            clause.position(),
                            clause.text() + " (RisingWave's table storage) has no equivalent");
                    break;
                case AS_QUERY:
                    break;
                case CONSTRAINT:
                    findings.unsupported(
                            clause.position(),
                            "the constraint "
                                    + clause.text()
                                    + " is dropped: Flink declares only PRIMARY KEY");
                    break;
                default:
                    throw new IllegalStateException("Unknown clause " + clause.kind());
            }
        }
    }

    // -------------------------------------------------------------------------------- columns

    private List<FlinkColumn> physical(FormatMapping.Result format) {
        RowType derived = null;
        String derivationError = null;
        if (format.readsSchema() && !findings.blocked()) {
            try {
                derived = settings.deriver().derive(format.identifier(), format.plainOptions());
            } catch (RuntimeException e) {
                derivationError = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
        List<RwColumn> declared =
                statement.columns().stream()
                        .filter(c -> c.generatedAs() == null)
                        .collect(Collectors.toList());
        for (RwColumn column : statement.columns()) {
            if (column.generatedAs() != null) {
                findings.unsupported(
                        column.position(),
                        "the generated column "
                                + column.name().value()
                                + " AS "
                                + column.generatedAs()
                                + " is dropped: add it as a Flink computed column (`name` AS"
                                + " expression; Flink's functions differ)");
            }
        }
        SourcePosition formatAt = statement.format().position();
        if (declared.isEmpty() || statement.wildcard()) {
            if (!format.readsSchema()) {
                if (format.identifier() != null) {
                    findings.errorBlocking(
                            statement.wildcard() ? formatAt : statement.position(),
                            statement.format().written()
                                    + " needs the columns declared: only AVRO and PROTOBUF"
                                    + " take them from a schema");
                }
                return List.of();
            }
            if (derived == null) {
                if (derivationError != null) {
                    findings.errorBlocking(
                            formatAt,
                            "the columns cannot be derived from the schema: " + derivationError);
                }
                return List.of();
            }
            if (!declared.isEmpty()) {
                findings.note(
                        declared.get(0).position(),
                        "with * the columns are the schema's; the declared ones are not used");
            }
            List<FlinkColumn> columns = new ArrayList<>();
            for (RowType.RowField field : derived.getFields()) {
                columns.add(FlinkColumn.physical(field.getName(), field.getType()));
            }
            noteSubMillisecondTimes(columns, formatAt);
            return columns;
        }
        if (derivationError != null) {
            findings.error(
                    formatAt,
                    "the declared columns cannot be checked against the schema: "
                            + derivationError);
        }
        Map<String, List<String>> notes = new LinkedHashMap<>();
        Map<String, SourcePosition> noteAt = new LinkedHashMap<>();
        List<FlinkColumn> columns = new ArrayList<>();
        for (RwColumn column : declared) {
            String name = column.name().value();
            LogicalType type;
            List<String> typeNotes;
            try {
                RwTypeMapping.Mapped mapped = RwTypeMapping.toFlink(column.type());
                type = mapped.type();
                typeNotes = mapped.notes();
            } catch (RwTypeMapping.UnmappableTypeException e) {
                findings.unsupported(
                        column.position(), "the column " + name + " is dropped: " + e.getMessage());
                continue;
            }
            if (derived != null) {
                int index = derived.getFieldNames().indexOf(name);
                if (index < 0) {
                    findings.error(
                            column.position(),
                            "the column "
                                    + name
                                    + " is not in the schema, so it is dropped. The schema"
                                    + " implies:\n"
                                    + ColumnList.toDdl(derived));
                    continue;
                }
                LogicalType schemaType = derived.getTypeAt(index);
                if (!schemaType.copy(true).equals(type.copy(true))) {
                    findings.note(
                            column.position(),
                            "the column "
                                    + name
                                    + " is declared "
                                    + column.type().text()
                                    + "; the schema's "
                                    + ColumnList.typeDdl(schemaType)
                                    + " is used");
                    typeNotes = List.of();
                }
                type = schemaType;
            }
            for (String note : typeNotes) {
                notes.computeIfAbsent(note, n -> new ArrayList<>()).add(name);
                noteAt.putIfAbsent(note, column.position());
            }
            if (column.defaultValue() != null) {
                findings.unsupported(
                        column.position(),
                        "DEFAULT "
                                + column.defaultValue()
                                + " of the column "
                                + name
                                + " is dropped: a Flink source column has no default");
            }
            columns.add(FlinkColumn.physical(name, type.copy(!column.notNull())));
        }
        notes.forEach(
                (note, names) ->
                        findings.note(
                                noteAt.get(note),
                                (names.size() == 1 ? "column " : "columns ")
                                        + String.join(", ", names)
                                        + ": "
                                        + note));
        if (derived != null) {
            noteSubMillisecondTimes(columns, formatAt);
        }
        if (FormatMapping.RAW.equals(format.identifier()) && columns.size() != 1) {
            findings.errorBlocking(
                    formatAt,
                    statement.format().written()
                            + " reads each message into one column (declare one bytea"
                            + " column); Flink's 'raw' format does the same");
        }
        return columns;
    }

    /** Flink's catalog keeps a TIME column at milliseconds, whatever precision it declares. */
    private void noteSubMillisecondTimes(List<FlinkColumn> columns, SourcePosition at) {
        List<String> names = new ArrayList<>();
        for (FlinkColumn column : columns) {
            if (column.type() instanceof TimeType time && time.getPrecision() > 3) {
                names.add(column.name());
            }
        }
        if (!names.isEmpty()) {
            findings.note(
                    at,
                    (names.size() == 1 ? "column " : "columns ")
                            + String.join(", ", names)
                            + ": the schema's TIME has microseconds; Flink's TIME keeps"
                            + " milliseconds (it reads TIME(6) as TIME(3))");
        }
    }

    private List<FlinkColumn> metadata(ConnectorProfile profile) {
        List<FlinkColumn> columns = new ArrayList<>();
        for (RwInclude include : statement.includes()) {
            LogicalType type = profile.metadata().get(include.what());
            if (type == null) {
                String hint =
                        profile == ConnectorProfile.NATS && include.what().equals("header")
                                ? " (its 'headers' column holds every header)"
                                : "";
                findings.unsupported(
                        include.position(),
                        "INCLUDE "
                                + include.what()
                                + " is dropped: the "
                                + profile.identifier()
                                + " connector has no such metadata; it has "
                                + String.join(", ", profile.metadata().keySet())
                                + hint);
                continue;
            }
            if (include.innerField() != null) {
                findings.unsupported(
                        include.position(),
                        "INCLUDE "
                                + include.what()
                                + " '"
                                + include.innerField()
                                + "' is dropped: "
                                + profile.identifier()
                                + " metadata has no inner fields");
                continue;
            }
            String name =
                    include.alias() != null
                            ? include.alias().value()
                            : "_rw_" + profile.identifier() + "_" + include.what();
            String note = profile.metadataNote(include.what());
            if (note != null) {
                findings.note(include.position(), "INCLUDE " + include.what() + ": " + note);
            }
            columns.add(FlinkColumn.metadata(name, type, include.what()));
        }
        return columns;
    }

    private void checkUniqueNames(List<FlinkColumn> columns) {
        Set<String> names = new HashSet<>();
        for (FlinkColumn column : columns) {
            if (!names.add(column.name())) {
                findings.errorBlocking(
                        statement.position(),
                        "two columns are named " + column.name() + " (rename one with AS)");
            }
        }
    }

    // ---------------------------------------------------------------------------- primary key

    private List<String> primaryKey(List<FlinkColumn> physical, List<FlinkColumn> metadata) {
        List<RwIdent> key = new ArrayList<>();
        SourcePosition at = null;
        for (RwColumn column : statement.columns()) {
            if (column.primaryKey()) {
                key.add(column.name());
                at = at == null ? column.position() : at;
            }
        }
        if (statement.primaryKey() != null) {
            if (!key.isEmpty()) {
                findings.error(
                        at,
                        "PRIMARY KEY is declared on a column and in the column list: the list's"
                                + " key is used");
            }
            key = new ArrayList<>(statement.primaryKey().columns());
            at = statement.primaryKey().position();
        }
        if (key.isEmpty() || findings.blocked()) {
            return List.of();
        }
        Set<String> physicalNames =
                physical.stream().map(FlinkColumn::name).collect(Collectors.toSet());
        Set<String> metadataNames =
                metadata.stream().map(FlinkColumn::name).collect(Collectors.toSet());
        List<String> names = new ArrayList<>();
        for (RwIdent column : key) {
            String name = column.value();
            if (metadataNames.contains(name)) {
                findings.unsupported(
                        column.position(),
                        "the PRIMARY KEY is dropped: it names the INCLUDE column "
                                + name
                                + ", and Flink keys only payload columns");
                return List.of();
            }
            if (!physicalNames.contains(name)) {
                findings.error(
                        column.position(),
                        "the PRIMARY KEY is dropped: it names " + name + ", which is no column");
                return List.of();
            }
            names.add(name);
        }
        return names;
    }

    // --------------------------------------------------------------------------- explanations

    private void explain(List<String> primaryKey) {
        if (statement.kind().stores()) {
            explanations.add(
                    "RisingWave's "
                            + statement.kind().sql()
                            + " stores the rows it reads; a Flink table stores nothing: each query"
                            + " reads the stream from 'scan.startup.mode'.");
            if (!primaryKey.isEmpty()) {
                explanations.add(
                        "With the PRIMARY KEY a newer record replaces the older one with the same"
                                + " key (an upsert changelog), as in RisingWave's table (ON"
                                + " CONFLICT OVERWRITE).");
            }
        } else if (!primaryKey.isEmpty()) {
            explanations.add(
                    "RisingWave's CREATE SOURCE does not apply its primary key: every record is"
                            + " an insert. With the key this Flink table would be an upsert"
                            + " changelog (RisingWave's CREATE TABLE), so the key is a comment at"
                            + " the end of the column list: uncomment it to get that.");
        }
    }

    private String name() {
        if (statement.name().parts().size() > 1) {
            findings.note(
                    statement.name().position(),
                    "the name "
                            + statement.name().text()
                            + " is qualified; the Flink table is "
                            + statement.name().last().value()
                            + " in the current catalog and database");
        }
        return statement.name().last().value();
    }
}
