package io.flinkrw.e2e.bench.sources;

import java.time.Duration;
import java.util.Map;

/** The {@link SdkLoopReader} within Kinesis' per-shard read limits, as a client on AWS must be. */
final class PacedSdkLoopReader {

    private PacedSdkLoopReader() {}

    static void read(Map<String, String> params, Duration timeout) throws Exception {
        SdkLoopReader.read(params, timeout, true);
    }
}
