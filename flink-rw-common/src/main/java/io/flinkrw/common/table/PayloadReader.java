package io.flinkrw.common.table;

import java.io.Serializable;

/**
 * Reads the payload bytes, which the table's format decodes, from a connector's record.
 *
 * @param <R> the connector's record type
 */
@FunctionalInterface
public interface PayloadReader<R> extends Serializable {

    byte[] read(R record);
}
