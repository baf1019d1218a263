/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import io.tidemark.stack.LaunchClasspath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of one Connect distributed worker JVM. Defaults are chosen for fast tests: plugin.discovery
 * service_load, internal topics at replication factor 1, JSON converters without schemas, session timeout 10 s,
 * scheduled.rebalance.max.delay.ms 0 (lost tasks are reassigned at once).
 */
public final class WorkerOptions {
    private String groupId = "connect-cluster";
    private final List<Path> pluginPath = new ArrayList<>();
    private String pluginDiscovery = "service_load";
    private String exactlyOnceSourceSupport;
    private Long offsetFlushIntervalMs;
    private Integer sessionTimeoutMs = 10_000;
    private Integer heartbeatIntervalMs = 2_000;
    private Integer rebalanceTimeoutMs;
    private Integer scheduledRebalanceMaxDelayMs = 0;
    private final Map<String, String> extraProps = new LinkedHashMap<>();
    private final List<String> jvmArgs =
            new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
    private String heap = "-Xmx512m";
    private String logLevel = "INFO";
    private String kafkaVersion = LaunchClasspath.kafkaVersion();

    public static WorkerOptions defaults() {
        return new WorkerOptions();
    }

    /** group.id; the internal topics are named {@code <groupId>-configs|offsets|status}. */
    public WorkerOptions groupId(String id) {
        this.groupId = id;
        return this;
    }

    /** Adds plugin.path entries (directories holding plugin directories or jars). */
    public WorkerOptions pluginPath(Path... dirs) {
        pluginPath.addAll(List.of(dirs));
        return this;
    }

    public WorkerOptions pluginPath(List<Path> dirs) {
        pluginPath.addAll(dirs);
        return this;
    }

    /** service_load (default, fast), hybrid_warn, hybrid_fail (isolation checks) or only_scan. */
    public WorkerOptions pluginDiscovery(String mode) {
        this.pluginDiscovery = mode;
        return this;
    }

    /** exactly.once.source.support: enabled, preparing or disabled (unset: Kafka's default). */
    public WorkerOptions exactlyOnceSourceSupport(String value) {
        this.exactlyOnceSourceSupport = value;
        return this;
    }

    public WorkerOptions offsetFlushIntervalMs(long ms) {
        this.offsetFlushIntervalMs = ms;
        return this;
    }

    public WorkerOptions sessionTimeoutMs(int ms) {
        this.sessionTimeoutMs = ms;
        return this;
    }

    public WorkerOptions heartbeatIntervalMs(int ms) {
        this.heartbeatIntervalMs = ms;
        return this;
    }

    public WorkerOptions rebalanceTimeoutMs(int ms) {
        this.rebalanceTimeoutMs = ms;
        return this;
    }

    public WorkerOptions scheduledRebalanceMaxDelayMs(int ms) {
        this.scheduledRebalanceMaxDelayMs = ms;
        return this;
    }

    /** Any other worker property (wins over every default). */
    public WorkerOptions property(String key, String value) {
        extraProps.put(key, value);
        return this;
    }

    public WorkerOptions properties(Map<String, String> props) {
        extraProps.putAll(props);
        return this;
    }

    /** Additional JVM arguments (system properties, --add-opens, agents...). */
    public WorkerOptions jvmArg(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    /**
     * The JIT and GC flags of Kafka's own start scripts (G1, both JIT tiers) instead of the test
     * defaults (serial GC, C1 only), which start faster but run hot code several times slower:
     * for benchmarks.
     */
    public WorkerOptions productionJvm() {
        jvmArgs.removeAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        jvmArgs.addAll(0, PRODUCTION_JVM_FLAGS);
        return this;
    }

    /** GC flags of Kafka's kafka-run-class.sh (KAFKA_JVM_PERFORMANCE_OPTS). */
    public static final List<String> PRODUCTION_JVM_FLAGS = List.of(
            "-server",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent");

    /** Heap flag, e.g. "-Xmx256m" (default -Xmx512m). */
    public WorkerOptions heap(String xmx) {
        this.heap = xmx;
        return this;
    }

    /** Root log level of the worker's log4j (2, or 1 on a 3.x worker) configuration (default INFO). */
    public WorkerOptions logLevel(String level) {
        this.logLevel = level;
        return this;
    }

    /**
     * The Kafka version of the worker JVM (default: the build's kafka.version). Other versions must be in the
     * build's {@code compat.kafka.versions} (see {@link LaunchClasspath#workerClasspath(String)}); the broker
     * stays the build's version.
     */
    public WorkerOptions kafkaVersion(String version) {
        this.kafkaVersion = version;
        return this;
    }

    public String kafkaVersion() {
        return kafkaVersion;
    }

    public String groupId() {
        return groupId;
    }

    public List<Path> pluginPath() {
        return List.copyOf(pluginPath);
    }

    public String logLevel() {
        return logLevel;
    }

    public List<String> jvmArgs() {
        List<String> all = new ArrayList<>();
        if (heap != null) {
            all.add(heap);
        }
        all.addAll(jvmArgs);
        return all;
    }

    /** The worker properties for a worker listening on 127.0.0.1:restPort. */
    public Map<String, String> workerProperties(String bootstrapServers, int restPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("key.converter.schemas.enable", "false");
        p.put("value.converter.schemas.enable", "false");
        p.put("config.storage.topic", groupId + "-configs");
        p.put("offset.storage.topic", groupId + "-offsets");
        p.put("status.storage.topic", groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("status.storage.partitions", "3");
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", String.valueOf(restPort));
        p.put("rest.advertised.listener", "http");
        StringBuilder pp = new StringBuilder();
        for (Path d : pluginPath) {
            if (pp.length() > 0) {
                pp.append(',');
            }
            pp.append(d.toAbsolutePath());
        }
        if (pp.length() > 0) {
            p.put("plugin.path", pp.toString());
        }
        p.put("plugin.discovery", pluginDiscovery);
        if (exactlyOnceSourceSupport != null) {
            p.put("exactly.once.source.support", exactlyOnceSourceSupport);
            // A SIGKILLed task leaves its transaction open, and a restarted worker reads the offsets topic
            // (read_committed) only up to it: its tasks wait until the broker aborts it at the transaction
            // timeout. Connect's 60 s default made every kill of a crash test cost a minute; 15 s still
            // covers a poll-bounded transaction on a loaded machine (a test with longer transactions
            // raises it with producer.override.transaction.timeout.ms).
            p.put("producer.transaction.timeout.ms", "15000");
        }
        if (offsetFlushIntervalMs != null) {
            p.put("offset.flush.interval.ms", String.valueOf(offsetFlushIntervalMs));
        }
        if (sessionTimeoutMs != null) {
            p.put("session.timeout.ms", String.valueOf(sessionTimeoutMs));
        }
        if (heartbeatIntervalMs != null) {
            p.put("heartbeat.interval.ms", String.valueOf(heartbeatIntervalMs));
        }
        if (rebalanceTimeoutMs != null) {
            p.put("rebalance.timeout.ms", String.valueOf(rebalanceTimeoutMs));
        }
        if (scheduledRebalanceMaxDelayMs != null) {
            p.put("scheduled.rebalance.max.delay.ms", String.valueOf(scheduledRebalanceMaxDelayMs));
        }
        p.putAll(extraProps);
        return p;
    }
}
