package io.flinkrw.connector.nats.table;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.flinkrw.testutils.SqlTestSupport.sourceScanOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the planner pushes into the NATS table source, as {@code EXPLAIN} shows it in the {@code
 * TableSourceScan}: the watermark (with its idle timeout), the projection (nested fields included
 * with the rw formats), the subject filter and the limit; and {@code scan.parallelism} on the
 * source operator. Planning connects to no server.
 */
class NatsTablePlanTest {

    private static TableEnvironment tables;

    private static String with(String... extra) {
        StringBuilder with =
                new StringBuilder(
                        "'connector' = 'nats', 'server_url' = 'nats://localhost:4222',"
                                + " 'connect_mode' = 'plain', 'subject' = 'orders.*,pay.>',"
                                + " 'format' = 'rw-json'");
        for (int i = 0; i < extra.length; i += 2) {
            with.append(", '").append(extra[i]).append("' = '").append(extra[i + 1]).append("'");
        }
        return " WITH (" + with + ")";
    }

    @BeforeAll
    static void createTables() {
        tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        String columns =
                " id BIGINT, name STRING, price DOUBLE, addr ROW<city STRING, zip INT>,"
                        + " subj STRING METADATA FROM 'subject' VIRTUAL,"
                        + " ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL";
        tables.executeSql(
                "CREATE TABLE events ("
                        + columns
                        + ", WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)"
                        + with("scan.watermark.idle-timeout", "3 s"));
        tables.executeSql(
                "CREATE TABLE events_pushed_nowhere ("
                        + columns
                        + ", WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)"
                        + with("scan.bounded.mode", "latest", "scan.push-down.enabled", "false"));
        tables.executeSql(
                "CREATE TABLE broker_time_pushed_nowhere ("
                        + columns
                        + ", WATERMARK FOR ts AS SOURCE_WATERMARK())"
                        + with("scan.push-down.enabled", "false"));
        tables.executeSql(
                "CREATE TABLE broker_time ("
                        + columns
                        + ", WATERMARK FOR ts AS SOURCE_WATERMARK())"
                        + with());
        tables.executeSql(
                "CREATE TABLE bounded ("
                        + columns
                        + ")"
                        + with("scan.bounded.mode", "latest", "scan.parallelism", "3"));
        String keyedColumns =
                " name STRING, price DOUBLE, id BIGINT NOT NULL,"
                        + " subj STRING METADATA FROM 'subject' VIRTUAL,"
                        + " PRIMARY KEY (id) NOT ENFORCED";
        tables.executeSql(
                "CREATE TABLE keyed ("
                        + keyedColumns
                        + ")"
                        + with("scan.bounded.mode", "latest", "scan.parallelism", "3"));
        tables.executeSql(
                "CREATE TABLE keyed_with_watermark_pushed_nowhere ("
                        + " name STRING, price DOUBLE, id BIGINT NOT NULL, ts TIMESTAMP_LTZ(3),"
                        + " subj STRING METADATA FROM 'subject' VIRTUAL,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,"
                        + " PRIMARY KEY (id) NOT ENFORCED)"
                        + with("scan.bounded.mode", "latest", "scan.push-down.enabled", "false"));
        tables.executeSql(
                "CREATE TABLE keyed_default_parallelism ("
                        + keyedColumns
                        + ")"
                        + with("scan.bounded.mode", "latest"));
    }

    private static String scan(String query) {
        return sourceScanOf(tables, query);
    }

    @Test
    void watermarkProjectionAndSubjectFilterAreInsideTheScan() {
        String query =
                "SELECT name, price FROM events"
                        + " WHERE subj IN ('orders.eu', 'pay.x.y') AND price > 3";
        String scan = scan(query);

        assertThat(scan)
                .contains(
                        "table=[[default_catalog, default_database, events, project=[name, price]")
                .contains("metadata=[subject, timestamp]")
                .contains(
                        "watermark=[-(CAST(ts AS TIMESTAMP_LTZ(3) *ROWTIME*), 5000:INTERVAL"
                                + " SECOND)], idletimeout=[3000]")
                .containsPattern("filter=\\[OR\\(=\\(.*'orders.eu'.*\\), =\\(.*'pay.x.y'.*\\)\\)]");
        // The subject predicate is gone from the plan above the scan; the price one stays.
        String plan = tables.explainSql(query);
        String above = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        above = above.substring(0, above.indexOf("TableSourceScan("));
        assertThat(above).contains("price > 3").doesNotContain("orders.eu");
    }

    @Test
    void otherPredicatesOnTheSubjectStayAboveTheScan() {
        String scan = scan("SELECT name FROM events WHERE subj LIKE 'orders.%' OR subj = 'pay.x'");
        assertThat(scan).contains("filter=[]");
    }

    @Test
    void nestedFieldsAreProjectedIntoTheFormat() {
        assertThat(scan("SELECT addr.zip, name FROM bounded")).contains("project=[addr_zip, name]");
    }

    @Test
    void limitOfABoundedReadIsInsideTheScan() {
        assertThat(scan("SELECT name FROM bounded LIMIT 5"))
                .contains("project=[name]")
                .contains("limit=[5]");
    }

    @Test
    void sourceWatermarkIsInsideTheScan() {
        assertThat(scan("SELECT name, ts FROM broker_time"))
                .contains("watermark=[SOURCE_WATERMARK()]");
    }

    @Test
    void scanParallelismIsTheSourceOperatorsParallelism() {
        String plan =
                tables.explainSql("SELECT name FROM bounded", ExplainDetail.JSON_EXECUTION_PLAN);
        assertThat(plan)
                .containsPattern(
                        "\"contents\" : \"Source: NatsSource-default_catalog.default_database"
                                + ".bounded\",\\s*\"parallelism\" : 3");
    }

    /** The job graph of {@code query}: planning and translation into transformations. */
    private static String jobPlan(String query) {
        return tables.explainSql(query, ExplainDetail.JSON_EXECUTION_PLAN);
    }

    @Test
    void aKeyedTableWithScanParallelismKeepsEveryPhysicalColumn() {
        // The planner partitions the scan's output by the key's position in the physical row:
        // a projection would move it (out of the row here, onto 'price' if reordered).
        for (String query :
                new String[] {
                    "SELECT id, name FROM keyed",
                    "SELECT name, id FROM keyed",
                    "SELECT id, subj FROM keyed"
                }) {
            assertThat(scan(query)).as(query).doesNotContain("project=");
            assertThat(jobPlan(query))
                    .as(query)
                    .containsPattern(
                            "\"contents\" : \"Source: NatsSource-default_catalog.default_database"
                                    + ".keyed\",\\s*\"parallelism\" : 3");
        }
    }

    @Test
    void aKeyedTableWithoutScanParallelismIsProjected() {
        assertThat(scan("SELECT name, id FROM keyed_default_parallelism"))
                .contains("project=[name, id]");
        assertThat(jobPlan("SELECT name, id FROM keyed_default_parallelism")).contains("Source");
    }

    @Test
    void anInsertOnlyTableWithScanParallelismIsProjected() {
        assertThat(scan("SELECT price, name FROM bounded")).contains("project=[price, name]");
        assertThat(jobPlan("SELECT price, name FROM bounded"))
                .containsPattern(
                        "\"contents\" : \"Source: NatsSource-default_catalog.default_database"
                                + ".bounded\",\\s*\"parallelism\" : 3");
    }

    @Test
    void aSubjectFilterIsNotPushedIntoAKeyedTable() {
        // Below ChangelogNormalize, the filter would hide a key's newer row on another subject
        // and leave its older row on the filtered subject as the answer.
        for (String table : new String[] {"keyed", "keyed_default_parallelism"}) {
            String query = "SELECT id, name FROM " + table + " WHERE subj = 'a'";
            assertThat(scan(query)).as(query).contains("filter=[]");
            // The predicate stays in the plan, applied after the rows are normalized by key.
            String plan = tables.explainSql(query);
            String above = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
            above = above.substring(0, above.indexOf("TableSourceScan("));
            assertThat(above).as(query).contains("ChangelogNormalize").contains("subj = 'a'");
        }
    }

    @Test
    void aLimitIsNotPushedIntoAKeyedTable() {
        // Each reader stopping after n upserts would leave keys at stale values.
        assertThat(scan("SELECT name FROM keyed_default_parallelism LIMIT 5"))
                .doesNotContain("limit=");
        assertThat(scan("SELECT id, name FROM keyed LIMIT 5")).doesNotContain("limit=");
    }

    @Test
    void withPushDownSwitchedOffTheScanTakesOnlyTheMetadata() {
        String query =
                "SELECT addr.zip, name FROM events_pushed_nowhere"
                        + " WHERE subj IN ('orders.eu', 'pay.x.y') AND price > 3 LIMIT 5";
        String scan = scan(query);

        assertThat(scan)
                .contains("table=[[default_catalog, default_database, events_pushed_nowhere,")
                .contains("metadata=[subject, timestamp]")
                .doesNotContainPattern("filter=\\[[^\\]]")
                .doesNotContain("project=")
                .doesNotContain("limit=")
                .doesNotContain("watermark=");
        // Flink filters, limits and assigns the watermark above the scan instead.
        String plan = tables.explainSql(query);
        String above = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        above = above.substring(0, above.indexOf("TableSourceScan("));
        assertThat(above)
                .contains("orders.eu")
                .contains("price > 3")
                .contains("Limit(")
                .contains(
                        "WatermarkAssigner(rowtime=[ts], watermark=[(ts - 5000:INTERVAL SECOND)])");
    }

    @Test
    void withPushDownSwitchedOffTheSourceWatermarkIsStillInsideTheScan() {
        // Only the source knows the stored times: SOURCE_WATERMARK() cannot be switched off.
        assertThat(scan("SELECT name, ts FROM broker_time_pushed_nowhere"))
                .contains("watermark=[SOURCE_WATERMARK()]")
                .doesNotContain("project=");
    }

    @Test
    void aKeyedTableWithPushDownSwitchedOffIsPlanned() {
        for (String query :
                new String[] {
                    "SELECT id, name FROM keyed_with_watermark_pushed_nowhere WHERE price > 2",
                    "SELECT * FROM keyed_with_watermark_pushed_nowhere WHERE subj = 'orders.eu'"
                }) {
            assertThat(jobPlan(query)).as(query).contains("Source");
            // Flink 2.3 cannot plan a watermark assigner above an upsert scan: it stays inside.
            assertThat(scan(query))
                    .as(query)
                    .contains("watermark=[-(ts, 5000:INTERVAL SECOND)]")
                    .doesNotContainPattern("filter=\\[[^\\]]")
                    .doesNotContain("project=");
        }
    }
}
