/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard only uses Tidemark metrics that a connector documents (and so registers: each
 * connector's IT reads its metrics from a real worker), and the exporter rules cover both JMX domains.
 */
class MonitoringExamplesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path MONITORING = ROOT.resolve("config-examples/src/main/resources/monitoring");

    @Test
    void everyPluginMetricOfTheDashboardIsDocumentedByAConnector() throws Exception {
        String dashboard = new ObjectMapper()
                .readTree(MONITORING.resolve("grafana-dashboard.json").toFile())
                .toString();
        String readmes = Files.readString(ROOT.resolve("file-source-connector/README.md"))
                + Files.readString(ROOT.resolve("mongo-trigger-connector/README.md"))
                + Files.readString(ROOT.resolve("s3-checkpoint-sink/README.md"));
        Set<String> used = new TreeSet<>();
        Set<String> undocumented = new TreeSet<>();
        Matcher m = Pattern.compile("kafka_connect_plugin_([a-z0-9_]+)").matcher(dashboard);
        while (m.find()) {
            String name = m.group(1).replace('_', '-');
            used.add(name);
            if (!readmes.contains("`" + name + "`")) {
                undocumented.add(name);
            }
        }
        assertThat(used).contains("roots-missing", "last-event-lag-ms", "rewinds-total", "staged-bytes");
        assertThat(undocumented)
                .as("dashboard metrics no module README documents")
                .isEmpty();
    }

    @Test
    void theExporterRulesReadBothThePluginMetricsAndTheJmxFallbackDomain() throws Exception {
        String rules = Files.readString(MONITORING.resolve("prometheus-jmx-exporter.yml"));
        assertThat(rules).contains("pattern: 'kafka.connect<type=plugins, connector=(.+), task=(\\d+)><>([a-z0-9-]+)'");
        assertThat(rules).contains("pattern: 'io.tidemark<type=plugins, connector=(.+), task=(\\d+)><>([a-z0-9-]+)'");
    }
}
