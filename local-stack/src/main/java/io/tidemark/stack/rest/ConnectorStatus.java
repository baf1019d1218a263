/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** GET /connectors/NAME/status, parsed. {@link #raw()} keeps the JSON for messages. */
public record ConnectorStatus(
        String name, String connectorState, String workerId, List<TaskStatus> tasks, String type, JsonNode raw) {

    /** One task's state; {@code trace} is the stack trace of a FAILED task (else null). */
    public record TaskStatus(int id, String state, String workerId, String trace) {}

    public static ConnectorStatus parse(JsonNode json) {
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode t : json.path("tasks")) {
            tasks.add(new TaskStatus(
                    t.path("id").asInt(),
                    t.path("state").asText(),
                    t.path("worker_id").asText(),
                    t.hasNonNull("trace") ? t.get("trace").asText() : null));
        }
        JsonNode c = json.path("connector");
        return new ConnectorStatus(
                json.path("name").asText(),
                c.path("state").asText(),
                c.path("worker_id").asText(),
                List.copyOf(tasks),
                json.path("type").asText(),
                json);
    }

    /** Connector RUNNING and at least {@code expectedTasks} tasks, all RUNNING. */
    public boolean isRunning(int expectedTasks) {
        return "RUNNING".equals(connectorState)
                && tasks.size() >= expectedTasks
                && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    /** Connector or any task FAILED. */
    public boolean anyFailed() {
        return "FAILED".equals(connectorState) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
    }

    /** Compact one-line form: {@code name: RUNNING [0:RUNNING 1:FAILED]}. */
    public String summary() {
        StringBuilder sb =
                new StringBuilder(name).append(": ").append(connectorState).append(" [");
        for (int i = 0; i < tasks.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(tasks.get(i).id()).append(':').append(tasks.get(i).state());
        }
        return sb.append(']').toString();
    }
}
