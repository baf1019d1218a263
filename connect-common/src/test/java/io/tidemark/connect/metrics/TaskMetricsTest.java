/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    @Test
    void gaugesAppearInConnectPluginMetricsTaggedWithConnectorAndTask() throws Exception {
        try (Metrics worker = new Metrics();
                PluginMetricsImpl plugin = new PluginMetricsImpl(worker, Map.of("connector", "logs", "task", "2"))) {
            AtomicLong missing = new AtomicLong(1);
            TaskMetrics metrics = new TaskMetrics(new PluginMetricsBackend(plugin))
                    .gauge("roots-missing", "Roots missing on this worker", missing::get);

            MetricName name =
                    worker.metricName("roots-missing", "plugins", "", Map.of("connector", "logs", "task", "2"));
            assertThat(worker.metric(name).metricValue()).isEqualTo(1.0);
            missing.set(0);
            assertThat(worker.metric(name).metricValue()).isEqualTo(0.0);

            metrics.close();
            assertThat(worker.metric(name)).isNull();
        }
    }

    @Test
    void theBenchmarkSwitchRegistersNoMetricsForTheConnectorsItNamesOnly() throws Exception {
        ObjectName off = new ObjectName("io.tidemark:type=plugins,connector=bench-onnm-r1,task=0");
        ObjectName on = new ObjectName("io.tidemark:type=plugins,connector=bench-on-r1,task=0");
        System.setProperty(TaskMetrics.DISABLED_CONNECTORS_PROPERTY, "bench-onnm-.*");
        try (TaskMetrics disabled = TaskMetrics.of(
                                (org.apache.kafka.connect.source.SourceTaskContext) null, "bench-onnm-r1", 0)
                        .gauge("files-open", "Files open", () -> 1);
                TaskMetrics enabled = TaskMetrics.of(
                                (org.apache.kafka.connect.source.SourceTaskContext) null, "bench-on-r1", 0)
                        .gauge("files-open", "Files open", () -> 1)) {
            assertThat(mbeans.isRegistered(off)).isFalse();
            assertThat(disabled.where()).contains(TaskMetrics.DISABLED_CONNECTORS_PROPERTY);
            assertThat(mbeans.isRegistered(on)).isTrue();
            assertThat(enabled.where()).contains(on.toString());
        } finally {
            System.clearProperty(TaskMetrics.DISABLED_CONNECTORS_PROPERTY);
        }
    }

    @Test
    void withoutPluginMetricsTheSameNamesAreAttributesOfAnIoTidemarkMBean() throws Exception {
        AtomicLong open = new AtomicLong(3);
        ObjectName name = new ObjectName("io.tidemark:type=plugins,connector=logs-jmx,task=0");
        try (TaskMetrics metrics = TaskMetrics.of(
                        (org.apache.kafka.connect.source.SourceTaskContext) null, "logs-jmx", 0)
                .gauge("files-open", "Files open", open::get)) {
            assertThat(metrics.where()).contains(name.toString());
            assertThat(mbeans.getAttribute(name, "files-open")).isEqualTo(3.0);
            assertThat(mbeans.getMBeanInfo(name).getAttributes())
                    .extracting(a -> a.getName())
                    .containsExactly("files-open");
        }
        assertThat(mbeans.isRegistered(name)).isFalse();
    }

    @Test
    void aTaskRestartedInTheSameJvmReplacesTheOldMBeanAndTheOldCloseLeavesTheNewOne() throws Exception {
        ObjectName name = new ObjectName("io.tidemark:type=plugins,connector=restarted,task=1");
        TaskMetrics old = TaskMetrics.jmx("restarted", 1).gauge("files-open", "Files open", () -> 1);
        TaskMetrics fresh = TaskMetrics.jmx("restarted", 1).gauge("files-open", "Files open", () -> 2);
        old.close();
        assertThat(mbeans.getAttribute(name, "files-open")).isEqualTo(2.0);
        fresh.close();
        assertThat(mbeans.isRegistered(name)).isFalse();
    }

    @Test
    void taggedGaugesAreOneMetricPerTagValueInBothBackends() throws Exception {
        try (Metrics worker = new Metrics();
                PluginMetricsImpl plugin = new PluginMetricsImpl(worker, Map.of("connector", "mongo", "task", "0"));
                TaskMetrics metrics = new TaskMetrics(new PluginMetricsBackend(plugin))
                        .gauge("trigger-events-total", "Events", Map.of("trigger", "orders"), () -> 7)
                        .gauge("trigger-events-total", "Events", Map.of("trigger", "refunds"), () -> 2)) {
            MetricName orders = worker.metricName(
                    "trigger-events-total",
                    "plugins",
                    "",
                    Map.of("connector", "mongo", "task", "0", "trigger", "orders"));
            assertThat(worker.metric(orders).metricValue()).isEqualTo(7.0);
        }
        try (TaskMetrics metrics = TaskMetrics.jmx("mongo-jmx", 0)
                .gauge("events-read-total", "Events read", () -> 9)
                .gauge("trigger-events-total", "Events", Map.of("trigger", "orders"), () -> 7)) {
            assertThat(mbeans.getAttribute(
                            new ObjectName("io.tidemark:type=plugins,connector=mongo-jmx,task=0,trigger=orders"),
                            "trigger-events-total"))
                    .isEqualTo(7.0);
            assertThat(mbeans.getAttribute(
                            new ObjectName("io.tidemark:type=plugins,connector=mongo-jmx,task=0"), "events-read-total"))
                    .isEqualTo(9.0);
        }
        assertThat(mbeans.queryNames(new ObjectName("io.tidemark:connector=mongo-jmx,*"), null))
                .isEmpty();
    }

    @Test
    void aNameStillHeldByAPreviousInstanceOfTheTaskDoesNotStopTheNewOne() throws Exception {
        try (Metrics worker = new Metrics();
                PluginMetricsImpl old = new PluginMetricsImpl(worker, Map.of("connector", "c", "task", "0"));
                PluginMetricsImpl fresh = new PluginMetricsImpl(worker, Map.of("connector", "c", "task", "0"))) {
            new TaskMetrics(new PluginMetricsBackend(old)).gauge("files-open", "Files open", () -> 1);
            TaskMetrics metrics = new TaskMetrics(new PluginMetricsBackend(fresh))
                    .gauge("files-open", "Files open", () -> 2)
                    .gauge("files-tracked", "Files tracked", () -> 3);
            MetricName tracked =
                    worker.metricName("files-tracked", "plugins", "", Map.of("connector", "c", "task", "0"));
            assertThat(worker.metric(tracked).metricValue()).isEqualTo(3.0);
            metrics.close();
        }
    }

    @Test
    void aGaugeThatFailsReadsAsNaNInsteadOfBreakingTheReporter() throws Exception {
        try (TaskMetrics metrics = TaskMetrics.jmx("failing", 0).gauge("broken", "Always fails", () -> {
            throw new IllegalStateException("boom");
        })) {
            assertThat(mbeans.getAttribute(
                            new ObjectName("io.tidemark:type=plugins,connector=failing,task=0"), "broken"))
                    .isEqualTo(Double.NaN);
        }
    }

    @Test
    void connectorNamesWithJmxSpecialCharactersAreQuotedAsKafkaDoes() {
        assertThat(JmxMetricsBackend.objectName("a,b=c", 0).getKeyProperty("connector"))
                .isNotEqualTo("a");
    }
}
