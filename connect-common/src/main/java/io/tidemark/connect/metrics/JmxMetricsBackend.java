/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Sanitizer;

/**
 * Gauges as attributes of one MBean per task, {@code io.tidemark:type=plugins,connector=<name>,task=<n>}
 * (plus one MBean per extra tag set, {@code ...,task=<n>,<tag>=<value>}), for workers without Connect's
 * plugin metrics. Attribute names equal the plugin-metric names; the object names follow Kafka's.
 */
final class JmxMetricsBackend implements MetricsBackend {

    /** The JMX domain of the fallback. */
    static final String DOMAIN = "io.tidemark";

    /** Which backend registered each name last: a task restarted in the same JVM replaces the old one. */
    private static final Map<ObjectName, JmxMetricsBackend> OWNERS = new ConcurrentHashMap<>();

    private final String base;
    private final ObjectName name;
    private final MBeanServer server;
    private final Map<ObjectName, Bean> beans = new ConcurrentHashMap<>();

    JmxMetricsBackend(String connector, int task) {
        this(ManagementFactory.getPlatformMBeanServer(), connector, task);
    }

    JmxMetricsBackend(MBeanServer server, String connector, int task) {
        this.server = server;
        this.base = DOMAIN + ":type=plugins,connector=" + Sanitizer.jmxSanitize(connector) + ",task=" + task;
        this.name = parse(base);
        bean(name);
    }

    static ObjectName objectName(String connector, int task) {
        return parse(DOMAIN + ":type=plugins,connector=" + Sanitizer.jmxSanitize(connector) + ",task=" + task);
    }

    private static ObjectName parse(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("'" + name + "' cannot name an MBean", e);
        }
    }

    private Bean bean(ObjectName objectName) {
        return beans.computeIfAbsent(objectName, n -> {
            Bean b = new Bean(n);
            synchronized (OWNERS) {
                try {
                    if (server.isRegistered(n)) {
                        server.unregisterMBean(n);
                    }
                    server.registerMBean(b, n);
                    OWNERS.put(n, this);
                } catch (JMException e) {
                    throw new IllegalStateException("cannot register MBean " + n + ": " + e.getMessage(), e);
                }
            }
            return b;
        });
    }

    @Override
    public void add(String metric, String description, Map<String, String> tags, Supplier<? extends Number> value) {
        StringBuilder n = new StringBuilder(base);
        tags.forEach((k, v) -> n.append(',').append(k).append('=').append(Sanitizer.jmxSanitize(v)));
        bean(tags.isEmpty() ? name : parse(n.toString())).gauges.put(metric, new Gauge(description, value));
    }

    @Override
    public String where() {
        return "JMX " + name + " (this worker has no Connect plugin metrics)";
    }

    @Override
    public void close() {
        synchronized (OWNERS) {
            for (ObjectName n : beans.keySet()) {
                if (OWNERS.remove(n, this)) {
                    try {
                        server.unregisterMBean(n);
                    } catch (JMException alreadyGone) {
                        // nothing to remove
                    }
                }
            }
        }
    }

    private record Gauge(String description, Supplier<? extends Number> value) {}

    /** Reads the gauges' current values; the attribute set grows as the task adds gauges. */
    private static final class Bean implements DynamicMBean {

        private final ObjectName name;
        private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

        Bean(ObjectName name) {
            this.name = name;
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            Gauge g = gauges.get(attribute);
            if (g == null) {
                throw new AttributeNotFoundException(attribute + " is not a metric of " + name);
            }
            return TaskMetrics.read(g.value());
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("metrics are read-only");
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList list = new AttributeList();
            for (String a : attributes) {
                Gauge g = gauges.get(a);
                if (g != null) {
                    list.add(new Attribute(a, TaskMetrics.read(g.value())));
                }
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("metrics have no operations");
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            Map<String, Gauge> sorted = new LinkedHashMap<>(new TreeMap<>(gauges));
            MBeanAttributeInfo[] attrs = sorted.entrySet().stream()
                    .map(e -> new MBeanAttributeInfo(
                            e.getKey(), "double", e.getValue().description(), true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(Bean.class.getName(), "Tidemark task metrics", attrs, null, null, null);
        }
    }
}
