package io.flinkrw.common.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;

/**
 * The error of a table factory, kept by the table source and raised when the planner first asks the
 * source for its changelog or runtime provider: there Flink does not append the table's options to
 * the message, as it does to an error thrown by the factory itself (see {@link
 * io.flinkrw.common.config.SecretOptions#holdsSecretsFlinkPrints}).
 */
@Internal
public final class DeferredTableError {

    private DeferredTableError() {}

    /** {@code error} as the {@code ValidationException} to raise later. */
    public static ValidationException of(RuntimeException error) {
        return error instanceof ValidationException
                ? (ValidationException) error
                : new ValidationException(error.getMessage(), error);
    }
}
