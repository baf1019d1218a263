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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka Connect standalone worker in its own JVM ({@code org.apache.kafka.connect.cli.ConnectStandalone
 * worker.properties connector.properties...}): the worker properties as given (e.g. a file users copy), except that
 * its REST listener is moved to a free 127.0.0.1 port; connectors from the given properties or JSON files, as on the
 * command line. State (worker.properties, log4j2.properties, worker.log) lives under its state dir; a restart reuses
 * it (the worker's offset file is wherever {@code offset.storage.file.filename} points).
 */
public final class StandaloneWorker extends ServerProcess<StandaloneWorker> {
    private final String name;
    private final Path stateDir;
    private final int restPort;

    /**
     * @param workerProperties the worker's settings ({@code listeners} and {@code rest.advertised.*} are replaced)
     * @param connectorFiles   connector properties (or JSON) files passed on the command line
     * @param jvmArgs          extra JVM arguments (heap, GC, system properties)
     */
    public StandaloneWorker(
            String name,
            Path stateDir,
            Map<String, String> workerProperties,
            List<Path> connectorFiles,
            List<String> jvmArgs) {
        super(Duration.ofSeconds(180), Duration.ofSeconds(20));
        this.name = name;
        this.stateDir = stateDir;
        this.restPort = Ports.freePort();
        Map<String, String> props = new LinkedHashMap<>(workerProperties);
        props.put("listeners", "http://127.0.0.1:" + restPort);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", String.valueOf(restPort));
        try {
            Files.createDirectories(stateDir);
            Properties p = new Properties();
            props.forEach(p::setProperty);
            try (Writer w = Files.newBufferedWriter(stateDir.resolve("worker.properties"))) {
                p.store(w, "written by io.tidemark.stack.connect.StandaloneWorker");
            }
            Files.writeString(
                    stateDir.resolve("log4j2.properties"),
                    "status = warn\n"
                            + "appender.console.type = Console\nappender.console.name = STDOUT\n"
                            + "appender.console.layout.type = PatternLayout\n"
                            + "appender.console.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n\n"
                            + "rootLogger.level = INFO\nrootLogger.appenderRef.stdout.ref = STDOUT\n"
                            + "logger.reflections.name = org.reflections\nlogger.reflections.level = ERROR\n"
                            + "logger.clients.name = org.apache.kafka.clients\nlogger.clients.level = WARN\n"
                            + "logger.cfg.name = org.apache.kafka.common.config.AbstractConfig\nlogger.cfg.level = WARN\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        jvm.addAll(jvmArgs);
        jvm.add("-Dlog4j2.configurationFile=" + stateDir.resolve("log4j2.properties"));
        jvm.add("-Dkafka.logs.dir=" + stateDir.resolve("logs"));
        List<String> args = new ArrayList<>();
        args.add(stateDir.resolve("worker.properties").toString());
        connectorFiles.forEach(f -> args.add(f.toAbsolutePath().toString()));
        launch(JavaProcess.named(name)
                .classpath(LaunchClasspath.workerClasspath(LaunchClasspath.kafkaVersion()))
                .mainClass("org.apache.kafka.connect.cli.ConnectStandalone")
                .jvmArgs(jvm)
                .args(args.toArray(new String[0]))
                .workDir(stateDir)
                .logFile(stateDir.resolve("worker.log"))
                .build());
    }

    @Override
    protected int listenPort() {
        return restPort;
    }

    @Override
    protected void awaitAnswer(Duration timeout) {
        rest().awaitReady(timeout);
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

    @Override
    public String toString() {
        return "StandaloneWorker[" + name + " " + restUrl() + ", " + stateDir + "]";
    }
}
