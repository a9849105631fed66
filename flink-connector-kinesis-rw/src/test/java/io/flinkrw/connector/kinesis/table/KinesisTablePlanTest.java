package io.flinkrw.connector.kinesis.table;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.flinkrw.testutils.SqlTestSupport.sourceScanOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the planner pushes into the Kinesis table source, as {@code EXPLAIN} shows it in the {@code
 * TableSourceScan}: the watermark (with its idle timeout and alignment), the projection (nested
 * fields included with the rw formats) and the limit; and {@code scan.parallelism} on the source
 * operator. Planning calls no AWS API.
 */
class KinesisTablePlanTest {

    private static TableEnvironment tables;

    private static String with(String... extra) {
        StringBuilder with =
                new StringBuilder(
                        "'connector' = 'kinesis', 'stream' = 'orders', 'aws.region' ="
                                + " 'us-east-1', 'format' = 'rw-json'");
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
                        + " shard STRING METADATA FROM 'partition' VIRTUAL,"
                        + " arrival TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL";
        tables.executeSql(
                "CREATE TABLE events ("
                        + columns
                        + ", WATERMARK FOR arrival AS arrival - INTERVAL '5' SECOND)"
                        + with(
                                "scan.watermark.idle-timeout", "3 s",
                                "scan.watermark.alignment.group", "orders",
                                "scan.watermark.alignment.max-drift", "1 min"));
        tables.executeSql(
                "CREATE TABLE events_pushed_nowhere ("
                        + columns
                        + ", WATERMARK FOR arrival AS arrival - INTERVAL '5' SECOND)"
                        + with("scan.bounded.mode", "latest", "scan.push-down.enabled", "false"));
        tables.executeSql(
                "CREATE TABLE arrival_time_pushed_nowhere ("
                        + columns
                        + ", WATERMARK FOR arrival AS SOURCE_WATERMARK())"
                        + with("scan.push-down.enabled", "false"));
        tables.executeSql(
                "CREATE TABLE arrival_time ("
                        + columns
                        + ", WATERMARK FOR arrival AS SOURCE_WATERMARK())"
                        + with());
        tables.executeSql(
                "CREATE TABLE bounded ("
                        + columns
                        + ")"
                        + with("scan.bounded.mode", "latest", "scan.parallelism", "3"));
        String keyedColumns =
                " name STRING, price DOUBLE, id BIGINT NOT NULL,"
                        + " shard STRING METADATA FROM 'partition' VIRTUAL,"
                        + " PRIMARY KEY (id) NOT ENFORCED";
        tables.executeSql(
                "CREATE TABLE keyed ("
                        + keyedColumns
                        + ")"
                        + with("scan.bounded.mode", "latest", "scan.parallelism", "3"));
        tables.executeSql(
                "CREATE TABLE keyed_with_watermark_pushed_nowhere ("
                        + " name STRING, price DOUBLE, id BIGINT NOT NULL, ts TIMESTAMP_LTZ(3),"
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
    void watermarkWithIdlenessAndAlignmentAndProjectionAreInsideTheScan() {
        assertThat(scan("SELECT name, price, shard FROM events WHERE price > 3"))
                .contains(
                        "table=[[default_catalog, default_database, events, project=[name, price]")
                .contains("metadata=[partition, timestamp]")
                .contains(
                        "watermark=[-(CAST(arrival AS TIMESTAMP_LTZ(3) *ROWTIME*), 5000:INTERVAL"
                                + " SECOND)], idletimeout=[3000]")
                .contains("watermarkAlignment=[orders, PT1M, PT1S]");
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
        assertThat(scan("SELECT name, arrival FROM arrival_time"))
                .contains("watermark=[SOURCE_WATERMARK()]");
    }

    @Test
    void scanParallelismIsTheSourceOperatorsParallelism() {
        String plan =
                tables.explainSql("SELECT name FROM bounded", ExplainDetail.JSON_EXECUTION_PLAN);
        assertThat(plan)
                .containsPattern(
                        "\"contents\" : \"Source: KinesisSource-default_catalog.default_database"
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
                    "SELECT id, shard FROM keyed"
                }) {
            assertThat(scan(query)).as(query).doesNotContain("project=");
            assertThat(jobPlan(query))
                    .as(query)
                    .containsPattern(
                            "\"contents\" : \"Source: KinesisSource-default_catalog.default_database"
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
                        "\"contents\" : \"Source: KinesisSource-default_catalog.default_database"
                                + ".bounded\",\\s*\"parallelism\" : 3");
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
        String query = "SELECT addr.zip, name FROM events_pushed_nowhere WHERE price > 3 LIMIT 5";
        String scan = scan(query);

        assertThat(scan)
                .contains("table=[[default_catalog, default_database, events_pushed_nowhere,")
                .contains("metadata=[partition, timestamp]")
                .doesNotContain("project=")
                .doesNotContain("limit=")
                .doesNotContain("watermark=");
        // Flink projects, limits and assigns the watermark above the scan instead.
        String plan = tables.explainSql(query);
        String above = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
        above = above.substring(0, above.indexOf("TableSourceScan("));
        assertThat(above)
                .contains("addr.zip")
                .contains("Limit(")
                .contains(
                        "WatermarkAssigner(rowtime=[arrival], watermark=[(arrival -"
                                + " 5000:INTERVAL SECOND)])");
    }

    @Test
    void withPushDownSwitchedOffTheSourceWatermarkIsStillInsideTheScan() {
        // Only the source knows the arrival times: SOURCE_WATERMARK() cannot be switched off.
        assertThat(scan("SELECT name, arrival FROM arrival_time_pushed_nowhere"))
                .contains("watermark=[SOURCE_WATERMARK()]")
                .doesNotContain("project=");
    }

    @Test
    void aKeyedTableWithPushDownSwitchedOffIsPlanned() {
        String query = "SELECT id, name FROM keyed_with_watermark_pushed_nowhere WHERE price > 2";
        assertThat(tables.explainSql(query, ExplainDetail.JSON_EXECUTION_PLAN)).contains("Source");
        // Flink 2.3 cannot plan a watermark assigner above an upsert scan: it stays inside.
        assertThat(scan(query))
                .contains("watermark=[-(ts, 5000:INTERVAL SECOND)]")
                .doesNotContain("project=");
    }
}
