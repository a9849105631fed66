package io.flinkrw.connector.nats.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/nats.md} documents every option key the source accepts or refuses. */
class NatsDocsTest {

    @Test
    void everyKeyIsInTheOptionTables() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "nats.md"));
        Set<String> keys = new HashSet<>(NatsConnectorOptions.supportedKeys());
        keys.addAll(NatsConnectorOptions.REJECTED_OPTIONS.keySet());
        for (String key : keys) {
            assertThat(docs).as("docs/nats.md mentions %s", key).contains("`" + key + "`");
        }
    }
}
