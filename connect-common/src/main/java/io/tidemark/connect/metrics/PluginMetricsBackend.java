/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges in Connect's plugin metrics (KIP-877). Loaded only after the worker proved it has them:
 * on an older worker this class cannot link, which {@link TaskMetrics} takes as the signal to fall
 * back to JMX.
 */
final class PluginMetricsBackend implements MetricsBackend {

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricsBackend.class);

    private final PluginMetrics metrics;
    private final List<MetricName> names = new ArrayList<>();

    PluginMetricsBackend(PluginMetrics metrics) {
        if (metrics == null) {
            throw new UnsupportedOperationException("the worker returned no plugin metrics");
        }
        this.metrics = metrics;
    }

    static MetricsBackend of(SourceTaskContext context) {
        return new PluginMetricsBackend(context.pluginMetrics());
    }

    static MetricsBackend of(SinkTaskContext context) {
        return new PluginMetricsBackend(context.pluginMetrics());
    }

    @Override
    public synchronized void add(
            String name, String description, Map<String, String> tags, Supplier<? extends Number> value) {
        MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>(tags));
        try {
            metrics.addMetric(metricName, (Gauge<Double>) (config, now) -> TaskMetrics.read(value));
        } catch (IllegalArgumentException stillRegistered) {
            // a previous instance of this task that the worker has not finished stopping still holds the name
            LOG.warn(
                    "Metric {} {} is still registered by a previous instance of this task: its value is not"
                            + " published until this task restarts ({})",
                    name,
                    tags,
                    stillRegistered.getMessage());
            return;
        }
        names.add(metricName);
    }

    @Override
    public String where() {
        return "Connect plugin metrics (JMX kafka.connect:type=plugins)";
    }

    /** Connect also drops them when the task stops; removing them here keeps a restart in one JVM clean. */
    @Override
    public synchronized void close() {
        for (MetricName n : names) {
            try {
                metrics.removeMetric(n);
            } catch (IllegalStateException closedByTheWorker) {
                return;
            }
        }
        names.clear();
    }
}
