package io.flinkrw.ddl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink {@code CREATE TABLE} to print.
 *
 * @param primaryKey the key's columns, empty for none
 * @param primaryKeyAsComment print the key as a comment (RisingWave's CREATE SOURCE does not apply
 *     its key)
 * @param options the WITH options in the order to print them
 */
public record FlinkTable(
        String name,
        boolean ifNotExists,
        List<FlinkColumn> columns,
        List<String> primaryKey,
        boolean primaryKeyAsComment,
        Map<String, String> options) {

    public FlinkTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
