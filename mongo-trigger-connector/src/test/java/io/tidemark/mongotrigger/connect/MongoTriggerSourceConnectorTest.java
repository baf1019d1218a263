/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.store.CheckpointStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoTriggerSourceConnectorTest {

    @TempDir
    Path stateDir;

    Map<String, String> props(String uri, String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("name", "mt");
        p.put("connection.uri", uri);
        p.put("database", "app");
        p.put("collection", "docs");
        p.put("checkpoint.store.dir", stateDir.toString());
        p.put("connection.validate.timeout.ms", "10000"); // generous: CI machines are shared
        p.put("triggers", "[{\"name\": \"all\", \"topic\": \"events\"}]");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    static List<String> errors(org.apache.kafka.common.config.Config c, String name) {
        return c.configValues().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    @Test
    void validateReportsAnUnreachableServerOnTheConnectionSettingWithoutTheUri() {
        var c = new MongoTriggerSourceConnector()
                .validate(props(
                        "mongodb://admin:s3cret@127.0.0.1:1/?connectTimeoutMS=300",
                        "connection.validate.timeout.ms",
                        "700"));
        assertThat(errors(c, "connection.uri"))
                .singleElement()
                .asString()
                .contains("Cannot reach MongoDB at 127.0.0.1:1")
                .doesNotContain("s3cret");
    }

    @Test
    void validateReportsAServerWithoutChangeStreams() {
        MongoServer server = new MongoServer(new MemoryBackend()); // no oplog: like a standalone mongod
        try {
            String uri = server.bindAndGetConnectionString();
            var c = new MongoTriggerSourceConnector().validate(props(uri));
            assertThat(errors(c, "connection.uri"))
                    .singleElement()
                    .asString()
                    .contains("standalone server")
                    .contains("replica set");
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void validateReportsRejectedCredentialsOnTheConnectionSettingWithoutThePassword() {
        // mongo-java-server implements no authentication command, so it rejects every login: the driver
        // fails the handshake with a MongoSecurityException, as a real server does for a wrong password.
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        try {
            String hostPort = server.bindAndGetConnectionString()
                    .replace("mongodb://", "")
                    .replaceAll("/.*$", "");
            var c = new MongoTriggerSourceConnector()
                    .validate(props(
                            "mongodb://tidemark:s3cret@" + hostPort + "/?authSource=admin",
                            "connection.validate.timeout.ms",
                            "3000"));
            assertThat(errors(c, "connection.uri"))
                    .singleElement()
                    .asString()
                    .contains("rejected the credentials")
                    .contains("authSource")
                    .doesNotContain("s3cret");
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void validatePassesAgainstAServerThatServesChangeStreams() {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        try {
            var c = new MongoTriggerSourceConnector().validate(props(server.bindAndGetConnectionString()));
            assertThat(c.configValues())
                    .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void validateNamesInvalidTriggersOnTheTriggersSetting() {
        var c = new MongoTriggerSourceConnector()
                .validate(props(
                        "mongodb://127.0.0.1:1",
                        "triggers",
                        "[{\"name\": \"x\", \"condition\": {\"a\": {\"$where\": 1}}, \"topic\": \"t\"}]",
                        "watch.scope",
                        "collection",
                        "collection",
                        ""));
        assertThat(errors(c, "triggers")).singleElement().asString().startsWith("trigger 'x': invalid condition");
        assertThat(errors(c, "collection")).containsExactly("collection is required when watch.scope is collection");
    }

    @Test
    void validateChecksCrossFieldSettings() {
        var c = new MongoTriggerSourceConnector()
                .validate(props(
                        "mongodb://127.0.0.1:1",
                        "unmatched.action",
                        "route",
                        "start.at.operation.time",
                        "yesterday",
                        "pipeline",
                        "{\"$match\": {}}"));
        assertThat(errors(c, "unmatched.topic"))
                .containsExactly("unmatched.topic is required when unmatched.action=route");
        assertThat(errors(c, "start.at.operation.time"))
                .singleElement()
                .asString()
                .contains("ISO-8601");
        assertThat(errors(c, "pipeline")).singleElement().asString().contains("not a JSON array");
    }

    @Test
    void runsExactlyOneTaskAndSupportsExactlyOnce() {
        MongoTriggerSourceConnector c = new MongoTriggerSourceConnector();
        c.start(props("mongodb://127.0.0.1:1"));
        assertThat(c.taskConfigs(8)).singleElement().satisfies(t -> assertThat(t)
                .containsEntry(TaskFragment.CONNECTOR_NAME_CONFIG, "mt"));
        assertThat(c.exactlyOnceSupport(props("x"))).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(c.version()).isNotBlank();
        assertThat(c.config().configKeys().get("connection.uri").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        assertThat(c.config().configKeys().get("checkpoint.corrupt.policy").defaultValue)
                .isEqualTo("treat_as_missing");
    }

    @Test
    void alterOffsetsChecksTheShapeAndMarksTheOperatorChange() {
        MongoTriggerSourceConnector c = new MongoTriggerSourceConnector();
        Map<String, String> cfg = props("mongodb://127.0.0.1:1");
        Map<String, Object> part = Map.of("consumer", "trigger-evaluator");

        assertThatThrownBy(() -> c.alterOffsets(
                        cfg, Map.of(Map.of("consumer", "someone-else"), Map.of("token", "{\"_data\": \"82\"}"))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("someone-else");
        assertThatThrownBy(() -> c.alterOffsets(cfg, Map.of(part, Map.of("token", "not json"))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("not a resume token");
        assertThatThrownBy(() -> c.alterOffsets(cfg, Map.of(part, Map.of("position", 5))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Unknown offset field 'position'");
        assertThatThrownBy(() -> c.alterOffsets(cfg, Map.of(Map.of("db", "x"), Map.of("token", "{\"_data\": \"82\"}"))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("source partition must be");

        assertThat(c.alterOffsets(cfg, Map.of(part, Map.of("token", "{\"_data\": \"8200\"}", "updatedAt", 5))))
                .isTrue();
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(part, null);
        assertThat(c.alterOffsets(cfg, reset)).isTrue();

        var parsed = new MongoTriggerSourceConfig(cfg);
        try (CheckpointStore store = TaskEnvironment.openStore(parsed, "mt")) {
            assertThat(new LocalCheckpoint(store, parsed.checkpointKey()).operatorChange())
                    .contains("offsets reset through the REST API");
        }
    }
}
