/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorConfig;
import io.tidemark.stack.verify.TopicVerifier;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the file-source ITs share: the example config, the packaged plugin, a worker, topic checks. */
final class FileSourceStack {

    static final Path EXAMPLE =
            Path.of("..", "config-examples", "src", "main", "resources", "connectors", "file-source.json");

    /** The Prometheus exporter rules and the Grafana dashboard users copy. */
    static final Path MONITORING = Path.of("..", "config-examples", "src", "main", "resources", "monitoring");

    private FileSourceStack() {}

    /** The module's packaged plugin directory (failsafe runs after package). */
    static Path pluginPath() {
        return PluginDirs.modulePluginPath(Path.of("").toAbsolutePath());
    }

    static WorkerOptions workerOptions(boolean exactlyOnce) {
        return WorkerOptions.defaults()
                .pluginPath(pluginPath())
                .exactlyOnceSourceSupport(exactlyOnce ? "enabled" : "disabled")
                .offsetFlushIntervalMs(10_000)
                .sessionTimeoutMs(6000)
                .heartbeatIntervalMs(1000)
                .heap("-Xmx384m");
    }

    /** The example config with its placeholders filled in, plus overrides. */
    static ConnectorConfig exampleConfig(Path logDir, Path stateDir, Map<String, String> overrides) {
        try {
            String text = ConnectorConfig.substitute(
                    Files.readString(EXAMPLE),
                    Map.of("DEMO_LOG_DIR", logDir.toString(), "STATE_DIR", stateDir.toString()));
            ConnectorConfig c = ConnectorConfig.parse(text, "file-source");
            Map<String, String> config = new LinkedHashMap<>(c.config());
            overrides.forEach((k, v) -> {
                if (v == null) {
                    config.remove(k);
                } else {
                    config.put(k, v);
                }
            });
            return new ConnectorConfig(c.name(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConnectWorker worker(LocalStack stack, boolean exactlyOnce) {
        stack.startKafka();
        return stack.startWorker(workerOptions(exactlyOnce));
    }

    static void createTopic(LocalStack stack, String topic) {
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            if (!t.exists(topic)) {
                t.create(topic, 1);
            }
        }
    }

    static void deploy(ConnectRestClient rest, String name, ConnectorConfig c) {
        rest.configureConnector(name, c.config());
        rest.awaitRunning(name, 1, Duration.ofSeconds(60));
    }

    /** Every value in the topic (read_committed), in order. */
    static List<String> values(LocalStack stack, String topic) {
        return new TopicVerifier(stack.kafka().bootstrapServers(), topic)
                .readAll().stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    /** Waits until the topic holds exactly {@code expected} values (in any order), failing with what it holds. */
    static List<String> awaitValues(LocalStack stack, String topic, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> v = List.of();
        while (System.nanoTime() < deadline) {
            v = values(stack, topic);
            if (v.size() >= expected) {
                break;
            }
            io.tidemark.stack.Sleep.millis(300);
        }
        // and nothing more arrives
        io.tidemark.stack.Sleep.millis(1500);
        return values(stack, topic);
    }
}
