/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ready config in config-examples parses, passes the cross-field checks and defines valid triggers. */
class ExampleConfigTest {

    @Test
    void exampleConfigIsValid() throws Exception {
        Path file =
                Path.of("..", "config-examples", "src", "main", "resources", "connectors", "mongo-trigger-source.json");
        String text = Files.readString(file)
                .replace("${MONGODB_URI}", "mongodb://127.0.0.1:27017/?replicaSet=rs0")
                .replace("${MONGODB_DATABASE}", "demo")
                .replace("${MONGODB_COLLECTION}", "events")
                .replace("${STATE_DIR}", "/tmp/state");
        assertThat(text).doesNotContain("${");
        JsonNode root = new ObjectMapper().readTree(text);
        assertThat(root.path("name").asText()).isEqualTo("mongo-trigger-source");
        Map<String, String> config = new HashMap<>();
        root.path("config")
                .fields()
                .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        assertThat(config).containsEntry("connector.class", MongoTriggerSourceConnector.class.getName());
        MongoTriggerSourceConfig parsed = new MongoTriggerSourceConfig(config);
        assertThat(parsed.crossFieldProblems()).isEmpty();
        assertThat(parsed.triggers().rules()).hasSize(3);
        assertThat(parsed.checkpointKey()).isEqualTo("sys/checkpoints/trigger_evaluator");
        assertThat(parsed.consumerId()).isEqualTo("trigger-evaluator");
    }
}
