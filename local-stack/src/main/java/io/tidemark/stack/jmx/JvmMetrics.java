/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.jmx;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to another JVM on this host, found by its pid through the attach API (the local
 * management agent is started on demand, as jconsole does): no JMX port has to be configured.
 */
public final class JvmMetrics implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private JvmMetrics(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Connects to the JVM with this pid. */
    public static JvmMetrics attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new JvmMetrics(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (AttachNotSupportedException e) {
            throw new IllegalStateException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics of JVM " + pid, e);
        }
    }

    /** The MBeans matching a pattern such as {@code kafka.connect:type=plugins,*}. */
    public Set<ObjectName> names(String pattern) {
        try {
            return server.queryNames(new ObjectName(pattern), null);
        } catch (JMException e) {
            throw new IllegalArgumentException("bad MBean pattern " + pattern, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An attribute's value, empty when the MBean or the attribute does not exist (yet). */
    public Optional<Object> attribute(String objectName, String attribute) {
        try {
            return Optional.ofNullable(server.getAttribute(new ObjectName(objectName), attribute));
        } catch (javax.management.InstanceNotFoundException | javax.management.AttributeNotFoundException e) {
            return Optional.empty();
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + objectName + " " + attribute, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every attribute of an MBean with its value, sorted by name (for test failure messages). */
    public Map<String, Object> attributes(String objectName) {
        Map<String, Object> out = new TreeMap<>();
        try {
            ObjectName name = new ObjectName(objectName);
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                out.put(a.getName(), server.getAttribute(name, a.getName()));
            }
        } catch (javax.management.InstanceNotFoundException e) {
            return out;
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + objectName, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the JVM may be gone
        }
    }
}
