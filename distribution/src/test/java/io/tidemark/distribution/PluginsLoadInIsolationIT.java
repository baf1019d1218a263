/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.rest.ValidationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installs every Hub archive as a user would (unzipped into a fresh plugin.path) and starts a real
 * Connect worker JVM with {@code plugin.discovery=hybrid_fail}: the worker refuses to start if a
 * plugin lacks correct META-INF/services entries, and each plugin loads in its own class loader.
 */
class PluginsLoadInIsolationIT {

    private static LocalStack stack;
    private static ConnectWorker worker;

    @BeforeAll
    static void installArchivesAndStartWorker() {
        stack = LocalStack.create("plugin-isolation");
        Path pluginPath = stack.newDir("plugin-path");
        for (Plugins plugin : Plugins.all()) {
            PluginDirs.unzipHubZip(plugin.hubArchive(), pluginPath);
        }
        stack.startKafka();
        worker = stack.startWorker(
                WorkerOptions.defaults().pluginPath(pluginPath).pluginDiscovery("hybrid_fail"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void workerListsEveryConnectorWithTheBuildVersion() {
        JsonNode plugins = worker.rest().allPlugins();
        Map<String, String> versions = new HashMap<>();
        plugins.forEach(
                p -> versions.put(p.path("class").asText(), p.path("version").asText()));
        for (Plugins plugin : Plugins.all()) {
            for (String connector : plugin.connectorClasses()) {
                assertThat(versions).as(connector + " in " + plugins).containsEntry(connector, Plugins.version());
            }
        }
    }

    /**
     * An empty config fails validation on the setting that is missing. The sources and the restore
     * source need a state directory; the S3 sink runs without one (an ephemeral task directory), so
     * it must not report one and must report its bucket instead.
     */
    @Test
    void validateEndpointReportsEachMissingRequiredSettingOnItsName() {
        for (Plugins plugin : Plugins.all()) {
            for (String connector : plugin.connectorClasses()) {
                ValidationResult result = worker.rest()
                        .validateConnectorConfig(
                                connector, Map.of("connector.class", connector, "name", "validate-" + plugin.module));
                assertThat(result.isValid()).as(connector).isFalse();
                boolean storeOptional = connector.equals(Plugins.S3_SINK.connectorClass);
                String missing = storeOptional ? "s3.bucket.name" : "checkpoint.store.dir";
                assertThat(result.errorsFor(missing))
                        .as(connector + ": " + result.errors())
                        .isNotEmpty();
                if (storeOptional) {
                    assertThat(result.errorsFor("checkpoint.store.dir"))
                            .as(connector + ": " + result.errors())
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void workerLogShowsNoPluginLoadingErrors() {
        String log = worker.logTail(5_000);
        assertThat(log).doesNotContain("NoClassDefFoundError").doesNotContain("ServiceConfigurationError");
        assertThat(worker.isRunning()).isTrue();
        worker.rest().awaitReady(Duration.ofSeconds(5));
    }
}
