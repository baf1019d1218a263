/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one task: gauges registered at start, read by the worker's reporters. Uses Connect's
 * plugin metrics when the worker has them (Kafka 4.1+), else an MBean in the {@code io.tidemark} JMX
 * domain with the same names. Close it when the task stops.
 */
public final class TaskMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

    /**
     * Benchmark switch, not a user setting: a regular expression of connector names whose tasks
     * register no metrics at all ({@code -Dtidemark.metrics.disabled.connectors=bench-onnm-.*} on the
     * worker JVM), so that a benchmark can run the same connector with and without its metrics side
     * by side in one worker. Read when a task starts.
     */
    public static final String DISABLED_CONNECTORS_PROPERTY = "tidemark.metrics.disabled.connectors";

    private final MetricsBackend backend;

    TaskMetrics(MetricsBackend backend) {
        this.backend = backend;
    }

    /** Metrics of a source task, named by its connector and task number (for the JMX fallback). */
    public static TaskMetrics of(SourceTaskContext context, String connector, int task) {
        return open(context, PluginMetricsBackend::of, connector, task);
    }

    /** Metrics of a sink task, named by its connector and task number (for the JMX fallback). */
    public static TaskMetrics of(SinkTaskContext context, String connector, int task) {
        return open(context, PluginMetricsBackend::of, connector, task);
    }

    /** Metrics as plain MBeans in the {@code io.tidemark} domain, whatever the worker offers. */
    public static TaskMetrics jmx(String connector, int task) {
        return new TaskMetrics(new JmxMetricsBackend(connector, task));
    }

    private static <C> TaskMetrics open(
            C context, Function<C, MetricsBackend> pluginMetrics, String connector, int task) {
        String disabled = System.getProperty(DISABLED_CONNECTORS_PROPERTY);
        if (disabled != null && !disabled.isEmpty() && connector != null && connector.matches(disabled)) {
            LOG.warn(
                    "Task {} of '{}' registers no metrics: its connector matches the benchmark switch -D{}={}",
                    task,
                    connector,
                    DISABLED_CONNECTORS_PROPERTY,
                    disabled);
            return new TaskMetrics(new NoMetricsBackend());
        }
        if (context != null) {
            try {
                return new TaskMetrics(pluginMetrics.apply(context));
            } catch (LinkageError | UnsupportedOperationException e) {
                LOG.info(
                        "This worker has no Connect plugin metrics (Kafka 4.1 or later has them): task {} of '{}'"
                                + " publishes its metrics in JMX under {}",
                        task,
                        connector,
                        JmxMetricsBackend.objectName(connector, task));
            }
        }
        return jmx(connector, task);
    }

    /**
     * Adds a gauge. Names are lower-case words joined by hyphens, as Kafka's own metrics; the
     * supplier is called by the reporter's thread, so it must be thread-safe and cheap.
     */
    public TaskMetrics gauge(String name, String description, Supplier<? extends Number> value) {
        backend.add(name, description, Map.of(), value);
        return this;
    }

    /**
     * Adds a gauge with tags of its own next to the connector and task (for example {@code trigger}), as one
     * metric per tag value: in JMX an MBean of its own, {@code ...,task=<n>,trigger=<value>}.
     */
    public TaskMetrics gauge(
            String name, String description, Map<String, String> tags, Supplier<? extends Number> value) {
        backend.add(name, description, new LinkedHashMap<>(tags), value);
        return this;
    }

    /** Where an operator finds these metrics, for the task's start log line. */
    public String where() {
        return backend.where();
    }

    @Override
    public void close() {
        backend.close();
    }

    /** A gauge's value as a double; a supplier that fails reads as NaN rather than breaking the reporter. */
    static Double read(Supplier<? extends Number> value) {
        try {
            Number n = value.get();
            return n == null ? Double.NaN : n.doubleValue();
        } catch (RuntimeException e) {
            LOG.debug("A metric could not be read", e);
            return Double.NaN;
        }
    }

    /** The benchmark switch's backend: gauges are dropped, nothing is registered. */
    private static final class NoMetricsBackend implements MetricsBackend {
        @Override
        public void add(String name, String description, Map<String, String> tags, Supplier<? extends Number> value) {}

        @Override
        public String where() {
            return "nowhere (disabled by -D" + DISABLED_CONNECTORS_PROPERTY + ", a benchmark switch)";
        }

        @Override
        public void close() {}
    }
}
