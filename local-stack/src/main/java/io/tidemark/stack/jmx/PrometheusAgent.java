/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.jmx;

import io.tidemark.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Prometheus JMX exporter as a worker's java agent, the way operators run it: the JVM argument to
 * add and a scrape of its HTTP endpoint.
 */
public final class PrometheusAgent {

    private final Path agentJar;
    private final Path rules;
    private final int port;

    private PrometheusAgent(Path agentJar, Path rules, int port) {
        this.agentJar = agentJar;
        this.rules = rules;
        this.port = port;
    }

    /** An agent on a free loopback port, with this jar and rules file. */
    public static PrometheusAgent of(Path agentJar, Path rules) {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("no Prometheus JMX exporter agent at " + agentJar);
        }
        if (!Files.isRegularFile(rules)) {
            throw new IllegalArgumentException("no exporter rules file at " + rules);
        }
        return new PrometheusAgent(agentJar.toAbsolutePath(), rules.toAbsolutePath(), Ports.freePort());
    }

    /** The {@code -javaagent} argument for the worker JVM. */
    public String jvmArg() {
        return "-javaagent:" + agentJar + "=127.0.0.1:" + port + ":" + rules;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The exposition text, as Prometheus scrapes it. */
    public String scrape() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(endpoint())
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + endpoint() + " -> HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted scraping " + endpoint(), e);
        }
    }
}
