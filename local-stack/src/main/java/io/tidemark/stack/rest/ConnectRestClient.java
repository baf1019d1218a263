/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.Sleep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Client for the Kafka Connect REST API (java.net.http + Jackson). Every non-2xx answer becomes a
 * {@link ConnectRestException} carrying the status and body.
 */
public final class ConnectRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http;
    private final Supplier<String> diagnostics;
    private final Duration requestTimeout;

    public ConnectRestClient(URI base) {
        this(base, () -> "", Duration.ofSeconds(60));
    }

    /**
     * @param diagnostics text appended to failure messages of the await methods (e.g. the worker's log tail)
     */
    public ConnectRestClient(URI base, Supplier<String> diagnostics, Duration requestTimeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.diagnostics = diagnostics;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI baseUrl() {
        return base;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    // ---------------------------------------------------------------- connectors

    /** GET /connectors */
    public List<String> connectors() {
        return JSON.convertValue(get("connectors"), new TypeReference<List<String>>() {});
    }

    /** PUT /connectors/NAME/config: creates or updates. Returns the connector info JSON. */
    public JsonNode configureConnector(String name, Map<String, ?> config) {
        Map<String, Object> body = new LinkedHashMap<>(config);
        body.remove("name");
        return send("PUT", "connectors/" + enc(name) + "/config", JSON.valueToTree(body));
    }

    /**
     * Creates or updates from a JSON file holding either {@code {"name": .., "config": {..}}} or a flat config
     * with a "name" key. Returns the connector name.
     */
    public String configureConnector(Path jsonFile) {
        try {
            return configureConnectorFromJson(
                    Files.readString(jsonFile), jsonFile.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Same as {@link #configureConnector(Path)} for JSON text; {@code fallbackName} names a config without "name". */
    public String configureConnectorFromJson(String json, String fallbackName) {
        ConnectorConfig c = ConnectorConfig.parse(json, fallbackName);
        configureConnector(c.name(), c.config());
        return c.name();
    }

    /** GET /connectors/NAME/config */
    public Map<String, String> connectorConfig(String name) {
        return JSON.convertValue(
                get("connectors/" + enc(name) + "/config"), new TypeReference<Map<String, String>>() {});
    }

    /** GET /connectors/NAME/status */
    public ConnectorStatus connectorStatus(String name) {
        return ConnectorStatus.parse(get("connectors/" + enc(name) + "/status"));
    }

    /** GET /connectors/NAME/topics: the topics the connector used. */
    public List<String> connectorTopics(String name) {
        JsonNode n = get("connectors/" + enc(name) + "/topics");
        List<String> out = new ArrayList<>();
        n.path(name).path("topics").forEach(t -> out.add(t.asText()));
        return out;
    }

    public void pauseConnector(String name) {
        send("PUT", "connectors/" + enc(name) + "/pause", null);
    }

    public void resumeConnector(String name) {
        send("PUT", "connectors/" + enc(name) + "/resume", null);
    }

    /** PUT /connectors/NAME/stop (needed before altering or resetting offsets). */
    public void stopConnector(String name) {
        send("PUT", "connectors/" + enc(name) + "/stop", null);
    }

    /** POST /connectors/NAME/restart?includeTasks=..&onlyFailed=.. */
    public void restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed) {
        send(
                "POST",
                "connectors/" + enc(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed,
                null);
    }

    /** POST /connectors/NAME/tasks/ID/restart */
    public void restartTask(String name, int task) {
        send("POST", "connectors/" + enc(name) + "/tasks/" + task + "/restart", null);
    }

    /** DELETE /connectors/NAME */
    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + enc(name), null);
    }

    // ---------------------------------------------------------------- offsets

    /** GET /connectors/NAME/offsets: {"offsets":[{"partition":{..},"offset":{..}}]} */
    public JsonNode connectorOffsets(String name) {
        return get("connectors/" + enc(name) + "/offsets");
    }

    /** PATCH /connectors/NAME/offsets (connector must be STOPPED). {@code body} is the same shape GET returns. */
    public JsonNode alterConnectorOffsets(String name, Object body) {
        return send("PATCH", "connectors/" + enc(name) + "/offsets", JSON.valueToTree(body));
    }

    /** DELETE /connectors/NAME/offsets (connector must be STOPPED). */
    public JsonNode resetConnectorOffsets(String name) {
        return send("DELETE", "connectors/" + enc(name) + "/offsets", null);
    }

    // ---------------------------------------------------------------- plugins

    /** GET /connector-plugins?connectorsOnly=true: connector class names installed on the worker. */
    public List<String> connectorPlugins() {
        List<String> out = new ArrayList<>();
        get("connector-plugins?connectorsOnly=true")
                .forEach(p -> out.add(p.path("class").asText()));
        return out;
    }

    /** GET /connector-plugins?connectorsOnly=false: every plugin (connectors, converters, transforms...) with type and version. */
    public JsonNode allPlugins() {
        return get("connector-plugins?connectorsOnly=false");
    }

    /** PUT /connector-plugins/CLASS/config/validate. "connector.class" is added to the config if missing. */
    public ValidationResult validateConnectorConfig(String connectorClass, Map<String, ?> config) {
        Map<String, Object> body = new LinkedHashMap<>(config);
        body.putIfAbsent("connector.class", connectorClass);
        return ValidationResult.parse(
                send("PUT", "connector-plugins/" + enc(connectorClass) + "/config/validate", JSON.valueToTree(body)));
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until GET /health says the worker is ready; on a worker without /health (before Kafka 3.9), until
     * GET /connectors answers 200.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = raw("GET", "health", null, Duration.ofSeconds(3));
                if (r.statusCode() == 200) {
                    return;
                }
                if (r.statusCode() == 404) {
                    // a worker before Kafka 3.9 has no /health: ready once its connectors resource answers
                    HttpResponse<String> c = raw("GET", "connectors", null, Duration.ofSeconds(3));
                    if (c.statusCode() == 200) {
                        return;
                    }
                    r = c;
                }
                last = new ConnectRestException("GET /health", r.statusCode(), r.body());
            } catch (ConnectRestException e) {
                last = e;
            }
            Sleep.millis(100);
        }
        throw new AssertionError(
                "Connect REST at " + base + " not ready after " + timeout + ": " + last + "\n" + diagnostics.get());
    }

    /**
     * Waits until the connector is RUNNING and has at least {@code tasks} tasks, all RUNNING, according to
     * GET /connectors/NAME/status. Fails at once when the connector or a task is FAILED, with the status JSON
     * (including the task's trace) and the worker log tail.
     */
    public ConnectorStatus awaitRunning(String name, int tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no status yet)";
        while (true) {
            try {
                ConnectorStatus s = connectorStatus(name);
                last = s.raw().toPrettyString();
                boolean restarted = restartTasksFailedInZombieFencing(name, s) > 0;
                if (!restarted && s.anyFailed()) {
                    throw new AssertionError("connector " + name + " FAILED:\n" + last + "\n" + diagnostics.get());
                }
                if (s.isRunning(tasks)) {
                    return s;
                }
            } catch (ConnectRestException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connector " + name + " not RUNNING with " + tasks + " RUNNING task(s) after "
                        + timeout + "; last status:\n" + last + "\n" + diagnostics.get());
            }
            Sleep.millis(200);
        }
    }

    /**
     * Restarts the tasks that Kafka Connect failed while fencing zombies of an exactly-once source: a task
     * (re)started after a worker was killed asks the group leader to fence its predecessors, and when the
     * leader is the killed worker (restarting, its REST port not listening yet) Connect fails the task
     * instead of retrying. An operator restarts it (POST .../restart?includeTasks=true&onlyFailed=true);
     * so do the tests, and only for this Connect failure, printing each restart.
     *
     * @return how many tasks were restarted
     */
    public int restartTasksFailedInZombieFencing(String name, ConnectorStatus status) {
        int failed = 0;
        for (ConnectorStatus.TaskStatus t : status.tasks()) {
            if ("FAILED".equals(t.state()) && t.trace() != null && t.trace().contains("fenceZombieSourceTasks")) {
                failed++;
                System.out.println("[rest] task " + t.id() + " of " + name + " failed in Connect's zombie fencing"
                        + " (the leader was unreachable): restarting it, as an operator would");
            }
        }
        if (failed > 0) {
            restartConnectorAndTasks(name, true, true);
        }
        return failed;
    }

    /** Waits until the connector's state (not its tasks) is {@code state}, e.g. STOPPED or PAUSED. */
    public ConnectorStatus awaitConnectorState(String name, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no status yet)";
        while (System.nanoTime() < deadline) {
            try {
                ConnectorStatus s = connectorStatus(name);
                last = s.raw().toPrettyString();
                if (state.equals(s.connectorState())) {
                    return s;
                }
            } catch (ConnectRestException e) {
                last = e.getMessage();
            }
            Sleep.millis(200);
        }
        throw new AssertionError("connector " + name + " not " + state + " after " + timeout + "; last status:\n" + last
                + "\n" + diagnostics.get());
    }

    // ---------------------------------------------------------------- plumbing

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** Sends a request; returns the parsed body (an empty object for 204 / no body). */
    public JsonNode send(String method, String path, JsonNode body) {
        HttpResponse<String> r = raw(method, path, body, requestTimeout);
        if (r.statusCode() / 100 != 2) {
            throw new ConnectRestException(method + " " + base + path, r.statusCode(), r.body());
        }
        if (r.body() == null || r.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + base + path + " (unparseable body: " + r.body() + ")", e);
        }
    }

    private HttpResponse<String> raw(String method, String path, JsonNode body, Duration timeout) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + base + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method + " " + base + path, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Helper for tests that build offsets bodies: {"offsets":[{"partition":p,"offset":o}]}. */
    public static ObjectNode offsetsBody(Map<String, ?> partition, Map<String, ?> offset) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putArray("offsets").addObject();
        entry.set("partition", JSON.valueToTree(partition));
        entry.set("offset", offset == null ? null : JSON.valueToTree(offset));
        return root;
    }
}
