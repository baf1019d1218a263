/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo's connector examples fit together, and every production example documents each setting it sets. */
class DemoExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode config(String dir, String file) throws IOException {
        return JSON.readTree(Files.readString(ExampleConfigs.dir(dir).resolve(file)))
                .path("config");
    }

    @Test
    void demoSinkSubscribesEveryDemoSourceTopicButNotTheHeartbeats() throws IOException {
        Pattern regex = Pattern.compile(config("connectors", "s3-checkpoint-sink.json")
                .path("topics.regex")
                .asText());
        JsonNode file = config("connectors", "file-source.json");
        JsonNode mongo = config("connectors", "mongo-trigger-source.json");
        List<String> dataTopics = new ArrayList<>();
        dataTopics.add(file.path("topic").asText());
        for (JsonNode trigger : JSON.readTree(mongo.path("triggers").asText())) {
            dataTopics.add(trigger.path("topic").asText());
        }
        dataTopics.add(mongo.path("unmatched.topic").asText());

        assertThat(dataTopics).allSatisfy(t -> assertThat(regex.matcher(t).matches())
                .as("topics.regex %s matches %s", regex, t)
                .isTrue());
        String heartbeats = mongo.path("heartbeat.topic").asText();
        assertThat(heartbeats).isNotBlank();
        assertThat(regex.matcher(heartbeats).matches())
                .as("topics.regex %s must not match the heartbeat topic %s", regex, heartbeats)
                .isFalse();
    }

    @Test
    void everySettingOfEveryProductionExampleIsExplainedInItsReadme() throws IOException {
        String readme = Files.readString(ExampleConfigs.dir("production").resolve("README.md"));
        List<Path> files;
        try (Stream<Path> s = Files.list(ExampleConfigs.dir("production"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        for (Path f : files) {
            String section = section(readme, "## " + f.getFileName());
            JsonNode config = JSON.readTree(Files.readString(f)).path("config");
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) config::fields) {
                assertThat(section)
                        .as("production/README.md explains %s of %s", e.getKey(), f.getFileName())
                        .contains("`" + e.getKey() + "`");
            }
        }
    }

    @Test
    void everyProductionWorkerSettingCarriesAComment() throws IOException {
        List<String> lines =
                Files.readAllLines(ExampleConfigs.dir("production").resolve("connect-distributed.properties"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && !lines.get(j).isBlank() && !lines.get(j).strip().startsWith("#")) {
                j--; // settings grouped under one comment
            }
            assertThat(j >= 0 && lines.get(j).strip().startsWith("#"))
                    .as("a comment above '%s'", line)
                    .isTrue();
        }
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf(heading);
        assertThat(start).as("a section '%s' in production/README.md", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length());
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
