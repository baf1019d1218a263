/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.ManagedProcess;
import io.tidemark.stack.Ports;
import io.tidemark.stack.rest.ConnectRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka Connect distributed worker in its own JVM ({@code org.apache.kafka.connect.cli.ConnectDistributed}).
 * Its classpath holds only Kafka, Connect and log4j jars; connectors come from the plugin.path set in
 * {@link WorkerOptions}. State (worker.properties, log4j2.properties, worker.log) lives under its state dir; a
 * restart reuses the state dir and the REST port, so the worker keeps its identity in the group.
 */
public final class ConnectWorker implements AutoCloseable {
    private final String name;
    private final Path stateDir;
    private final int restPort;
    private final WorkerOptions options;
    private final String bootstrapServers;
    private final ManagedProcess process;

    public ConnectWorker(String name, Path stateDir, String bootstrapServers, WorkerOptions options) {
        this.name = name;
        this.stateDir = stateDir;
        this.bootstrapServers = bootstrapServers;
        this.options = options;
        this.restPort = Ports.freePort();
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeFiles();
        List<String> jvm = new ArrayList<>(options.jvmArgs());
        jvm.add("-Dlog4j2.configurationFile=" + stateDir.resolve("log4j2.properties"));
        jvm.add("-Dkafka.logs.dir=" + stateDir.resolve("logs"));
        this.process = JavaProcess.named(name)
                .classpath(LaunchClasspath.kafkaClasspath())
                .mainClass("org.apache.kafka.connect.cli.ConnectDistributed")
                .jvmArgs(jvm)
                .args(stateDir.resolve("worker.properties").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("worker.log"))
                .build();
    }

    private void writeFiles() {
        Properties p = new Properties();
        Map<String, String> props = options.workerProperties(bootstrapServers, restPort);
        props.forEach(p::setProperty);
        try (Writer w = Files.newBufferedWriter(stateDir.resolve("worker.properties"))) {
            p.store(w, "written by io.tidemark.stack.connect.ConnectWorker");
            String lvl = options.logLevel();
            Files.writeString(
                    stateDir.resolve("log4j2.properties"),
                    "status = warn\n"
                            + "appender.console.type = Console\nappender.console.name = STDOUT\n"
                            + "appender.console.layout.type = PatternLayout\n"
                            + "appender.console.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n\n"
                            + "rootLogger.level = " + lvl + "\nrootLogger.appenderRef.stdout.ref = STDOUT\n"
                            + "logger.reflections.name = org.reflections\nlogger.reflections.level = ERROR\n"
                            + "logger.clients.name = org.apache.kafka.clients\nlogger.clients.level = WARN\n"
                            + "logger.cfg.name = org.apache.kafka.common.config.AbstractConfig\nlogger.cfg.level = WARN\n"
                            + "logger.tidemark.name = io.tidemark\nlogger.tidemark.level = " + lvl + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM and waits until its REST API is ready (GET /health 200). */
    public ConnectWorker start() {
        startAsync();
        awaitRestReady(Duration.ofSeconds(180));
        return this;
    }

    /** Starts the JVM without waiting. */
    public ConnectWorker startAsync() {
        process.start();
        return this;
    }

    /** Waits until GET /health answers 200; fails with the log tail if the JVM exits or the timeout passes. */
    public void awaitRestReady(Duration timeout) {
        Ports.awaitListening(restPort, timeout, process);
        rest().awaitReady(timeout);
    }

    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort + "/");
    }

    /** A REST client whose failures include this worker's log tail. */
    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl(), () -> process.logTail(80), Duration.ofSeconds(60));
    }

    /** Real SIGKILL; the worker's tasks come back only after the group's session timeout (or on restart). */
    public void kill9() {
        process.kill9();
    }

    /** SIGTERM, SIGKILL after 20 s (a worker can hang in Jetty shutdown). Returns true if SIGTERM sufficed. */
    public boolean stop() {
        return process.stop(Duration.ofSeconds(20));
    }

    /** Starts again on the same state dir and REST port (stopping it first if it still runs). */
    public ConnectWorker restart() {
        if (process.isAlive()) {
            stop();
        }
        return start();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path logFile() {
        return process.logFile();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public WorkerOptions options() {
        return options;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ConnectWorker[" + name + " " + restUrl() + ", " + stateDir + "]";
    }
}
