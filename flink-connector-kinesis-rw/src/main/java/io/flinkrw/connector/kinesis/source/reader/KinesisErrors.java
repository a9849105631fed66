package io.flinkrw.connector.kinesis.source.reader;

import org.apache.flink.annotation.Internal;

import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/** How the readers describe and classify the SDK's exceptions. */
@Internal
final class KinesisErrors {

    private KinesisErrors() {}

    /** The error's message; SDK exceptions without one say their HTTP status instead. */
    static String describe(Throwable e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof SdkServiceException) {
            return e.getClass().getSimpleName()
                    + " (HTTP "
                    + ((SdkServiceException) e).statusCode()
                    + ")";
        }
        return e.getClass().getSimpleName();
    }

    /** An HTTP 5xx or an InternalFailure: worth retrying. */
    static boolean isServerError(KinesisException e) {
        return e.statusCode() >= 500
                || (e.awsErrorDetails() != null
                        && "InternalFailure".equals(e.awsErrorDetails().errorCode()));
    }
}
