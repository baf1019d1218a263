/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.kafka;

import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.Ports;
import io.tidemark.stack.ServerProcess;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka (combined broker + controller) in its own JVM ({@link KafkaMain}:
 * {@code kafka.tools.StorageTool format --standalone} on first start, then {@code kafka.Kafka server.properties}). Listens on free 127.0.0.1 ports, keeps
 * its data under {@code stateDir/data}, every internal topic at replication factor 1. Can be stopped, SIGKILLed
 * and restarted on the same data and ports. Start, stop (SIGTERM, SIGKILL after 20 s), kill9 and restart come
 * from {@link ServerProcess}.
 */
public final class KafkaBroker extends ServerProcess<KafkaBroker> {
    private final Path stateDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> extraProps;
    private final List<String> jvmArgs;

    private KafkaBroker(Builder b) {
        // generous: on a 2-core machine shared with other builds a broker has taken 50 s to come up
        super(Duration.ofSeconds(180), Duration.ofSeconds(20));
        this.stateDir = b.stateDir;
        this.port = b.port > 0 ? b.port : Ports.freePort();
        this.controllerPort = Ports.freePort();
        this.extraProps = new LinkedHashMap<>(b.extraProps);
        this.jvmArgs = new ArrayList<>(b.jvmArgs);
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log4j = writeLog4j();
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Dlog4j2.configurationFile=" + log4j);
        args.add("-Dkafka.logs.dir=" + stateDir.resolve("logs"));
        List<java.nio.file.Path> cp = new ArrayList<>(LaunchClasspath.kafkaClasspath());
        cp.add(LaunchClasspath.codeLocation(KafkaMain.class));
        launch(JavaProcess.named("kafka-broker")
                .classpath(cp)
                .mainClass(KafkaMain.class.getName())
                .jvmArgs(args)
                .args(
                        serverProperties().toString(),
                        stateDir.resolve("data").toString(),
                        Uuid.randomUuid().toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("broker.log"))
                .build());
    }

    public static Builder builder(Path stateDir) {
        return new Builder(stateDir);
    }

    /** Before every start: server.properties (the storage is formatted by {@link KafkaMain} on first start). */
    @Override
    protected void beforeStart() {
        writeServerProperties();
    }

    @Override
    protected int listenPort() {
        return port;
    }

    private Path serverProperties() {
        return stateDir.resolve("server.properties");
    }

    private Path writeLog4j() {
        Path file = stateDir.resolve("log4j2.properties");
        String text = "status = warn\n"
                + "appender.console.type = Console\nappender.console.name = STDOUT\n"
                + "appender.console.layout.type = PatternLayout\nappender.console.layout.pattern = [%d] %p %m (%c)%n\n"
                + "rootLogger.level = INFO\nrootLogger.appenderRef.stdout.ref = STDOUT\n"
                + "logger.kafka.name = kafka\nlogger.kafka.level = INFO\n"
                + "logger.state.name = state.change.logger\nlogger.state.level = WARN\n"
                + "logger.org.name = org.apache.kafka\nlogger.org.level = INFO\n"
                + "logger.raft.name = org.apache.kafka.raft\nlogger.raft.level = WARN\n"
                + "logger.ctrl.name = org.apache.kafka.controller\nlogger.ctrl.level = WARN\n";
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private void writeServerProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", Ports.LOOPBACK + ":" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":"
                        + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", stateDir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        // look for timed-out transactions (of SIGKILLed producers) every second instead of every 10 s
        p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        extraProps.forEach(p::setProperty);
        try (Writer w = Files.newBufferedWriter(serverProperties())) {
            p.store(w, "written by io.tidemark.stack.kafka.KafkaBroker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ready when an Admin describeCluster succeeds. */
    @Override
    protected void awaitAnswer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new StackException("broker not ready after " + timeout + ": " + e + "\n" + logTail(60));
                    }
                    if (!isRunning()) {
                        throw new StackException(
                                "broker exited (code " + process().exitCode() + ")\n" + logTail(60));
                    }
                    Sleep.millis(100);
                }
            }
        }
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** An Admin client for this broker (caller closes it). */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + stateDir + "]";
    }

    public static final class Builder {
        private final Path stateDir;
        private final Map<String, String> extraProps = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of(
                "-Xms128m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
        private int port;

        private Builder(Path stateDir) {
            this.stateDir = stateDir;
        }

        /** Extra or overriding server.properties entries. */
        public Builder property(String key, String value) {
            extraProps.put(key, value);
            return this;
        }

        /** Fixed client port instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Replaces the default JVM flags (heap 768m, serial GC, C1 only for a fast start). */
        public Builder jvmArgs(List<String> args) {
            jvmArgs.clear();
            jvmArgs.addAll(args);
            return this;
        }

        public KafkaBroker build() {
            return new KafkaBroker(this);
        }

        public KafkaBroker start() {
            return build().start();
        }
    }
}
