/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PUT /connector-plugins/CLASS/config/validate, parsed: the error count and the errors of each setting that has
 * any (settings without errors are left out of {@link #errors()}).
 */
public record ValidationResult(String connectorClass, int errorCount, Map<String, List<String>> errors, JsonNode raw) {

    public static ValidationResult parse(JsonNode json) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode c : json.path("configs")) {
            JsonNode value = c.path("value");
            List<String> errs = new java.util.ArrayList<>();
            for (JsonNode e : value.path("errors")) {
                errs.add(e.asText());
            }
            if (!errs.isEmpty()) {
                errors.put(value.path("name").asText(), List.copyOf(errs));
            }
        }
        return new ValidationResult(
                json.path("name").asText(), json.path("error_count").asInt(), errors, json);
    }

    public boolean isValid() {
        return errorCount == 0;
    }

    /** Errors of one setting (empty list if none). */
    public List<String> errorsFor(String setting) {
        return errors.getOrDefault(setting, List.of());
    }
}
