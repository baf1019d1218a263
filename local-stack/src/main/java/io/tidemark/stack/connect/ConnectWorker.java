/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.Ports;
import io.tidemark.stack.ServerProcess;
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
 * {@link WorkerOptions}, its Kafka version from {@link WorkerOptions#kafkaVersion(String)} (default: the build's).
 * State (worker.properties, log4j2.properties or, for a 3.x worker, log4j.properties, worker.log) lives under its
 * state dir; a
 * restart reuses the state dir and the REST port, so the worker keeps its identity in the group. Start, stop
 * (SIGTERM, SIGKILL after 20 s: a worker can hang in Jetty shutdown), kill9 and restart come from {@link
 * ServerProcess}; a SIGKILLed worker's tasks come back only after the group's session timeout (or on restart).
 */
public final class ConnectWorker extends ServerProcess<ConnectWorker> {
    private final String name;
    private final Path stateDir;
    private final int restPort;
    private final WorkerOptions options;
    private final String bootstrapServers;

    public ConnectWorker(String name, Path stateDir, String bootstrapServers, WorkerOptions options) {
        super(Duration.ofSeconds(180), Duration.ofSeconds(20));
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
        if (LaunchClasspath.workerUsesLog4j1(options.kafkaVersion())) {
            jvm.add("-Dlog4j.configuration="
                    + stateDir.resolve("log4j.properties").toUri());
        } else {
            jvm.add("-Dlog4j2.configurationFile=" + stateDir.resolve("log4j2.properties"));
        }
        jvm.add("-Dkafka.logs.dir=" + stateDir.resolve("logs"));
        launch(JavaProcess.named(name)
                .classpath(LaunchClasspath.workerClasspath(options.kafkaVersion()))
                .mainClass("org.apache.kafka.connect.cli.ConnectDistributed")
                .jvmArgs(jvm)
                .args(stateDir.resolve("worker.properties").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("worker.log"))
                .build());
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
            // Kafka 3.x workers log with reload4j (log4j 1): the same levels and pattern in its format.
            Files.writeString(
                    stateDir.resolve("log4j.properties"),
                    "log4j.rootLogger=" + lvl + ", stdout\n"
                            + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                            + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                            + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %X{connector.context}%m (%c:%L)%n\n"
                            + "log4j.logger.org.reflections=ERROR\n"
                            + "log4j.logger.org.apache.kafka.clients=WARN\n"
                            + "log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN\n"
                            + "log4j.logger.io.tidemark=" + lvl + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected int listenPort() {
        return restPort;
    }

    /** Ready when GET /health answers 200 (workers before 3.9 have no /health: GET /connectors then). */
    @Override
    protected void awaitAnswer(Duration timeout) {
        rest().awaitReady(timeout);
    }

    /** Waits until GET /health answers 200; fails with the log tail if the JVM exits or the timeout passes. */
    public void awaitRestReady(Duration timeout) {
        awaitReady(timeout);
    }

    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort + "/");
    }

    /** A REST client whose failures include this worker's log tail. */
    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl(), () -> logTail(80), Duration.ofSeconds(60));
    }

    public String name() {
        return name;
    }

    public Path stateDir() {
        return stateDir;
    }

    public WorkerOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "ConnectWorker[" + name + " " + restUrl() + ", " + stateDir + "]";
    }
}
