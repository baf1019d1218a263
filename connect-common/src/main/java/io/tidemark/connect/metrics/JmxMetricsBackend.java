/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.metrics;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.common.utils.Sanitizer;

/**
 * Gauges as attributes of one MBean per task, {@code io.tidemark:type=plugins,connector=<name>,task=<n>},
 * for workers without Connect's plugin metrics. Attribute names equal the plugin-metric names.
 */
final class JmxMetricsBackend implements MetricsBackend {

    /** The JMX domain of the fallback. */
    static final String DOMAIN = "io.tidemark";

    /** Which backend registered each name last: a task restarted in the same JVM replaces the old one. */
    private static final Map<ObjectName, JmxMetricsBackend> OWNERS = new ConcurrentHashMap<>();

    private final ObjectName name;
    private final MBeanServer server;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    JmxMetricsBackend(String connector, int task) {
        this(ManagementFactory.getPlatformMBeanServer(), objectName(connector, task));
    }

    JmxMetricsBackend(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
        register();
    }

    static ObjectName objectName(String connector, int task) {
        try {
            return new ObjectName(
                    DOMAIN + ":type=plugins,connector=" + Sanitizer.jmxSanitize(connector) + ",task=" + task);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("connector name '" + connector + "' cannot name an MBean", e);
        }
    }

    private void register() {
        synchronized (OWNERS) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(new Bean(), name);
                OWNERS.put(name, this);
            } catch (InstanceAlreadyExistsException | InstanceNotFoundException e) {
                throw new IllegalStateException("MBean " + name + " changed while registering it", e);
            } catch (JMException e) {
                throw new IllegalStateException("cannot register MBean " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void add(String metric, String description, Supplier<? extends Number> value) {
        gauges.put(metric, new Gauge(description, value));
    }

    @Override
    public String where() {
        return "JMX " + name + " (this worker has no Connect plugin metrics)";
    }

    @Override
    public void close() {
        synchronized (OWNERS) {
            if (OWNERS.remove(name, this)) {
                try {
                    server.unregisterMBean(name);
                } catch (JMException alreadyGone) {
                    // nothing to remove
                }
            }
        }
    }

    private record Gauge(String description, Supplier<? extends Number> value) {}

    /** Reads the gauges' current values; the attribute set grows as the task adds gauges. */
    private final class Bean implements DynamicMBean {

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
            Map<String, Gauge> sorted = new LinkedHashMap<>();
            gauges.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            MBeanAttributeInfo[] attrs = sorted.entrySet().stream()
                    .map(e -> new MBeanAttributeInfo(
                            e.getKey(), "double", e.getValue().description(), true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(Bean.class.getName(), "Tidemark task metrics", attrs, null, null, null);
        }
    }
}
