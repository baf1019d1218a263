/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector config as found in config-examples: {@code {"name": .., "config": {..}}} or a flat map with
 * "name". {@link #substitute(String, Map)} replaces {@code ${VAR}} placeholders.
 */
public record ConnectorConfig(String name, Map<String, String> config) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    public static ConnectorConfig parse(String json, String fallbackName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + fallbackName, e);
        }
        JsonNode cfg = root.has("config") && root.get("config").isObject() ? root.get("config") : root;
        Map<String, String> config = new LinkedHashMap<>();
        cfg.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("name")) {
                config.put(
                        e.getKey(),
                        e.getValue().isValueNode()
                                ? e.getValue().asText()
                                : e.getValue().toString());
            }
        });
        String name = root.hasNonNull("name")
                ? root.get("name").asText()
                : cfg.hasNonNull("name") ? cfg.get("name").asText() : fallbackName.replaceAll("\\.json$", "");
        return new ConnectorConfig(name, config);
    }

    public String connectorClass() {
        return config.get("connector.class");
    }

    /**
     * Replaces every {@code ${VAR}} with {@code vars.get(VAR)}, falling back to the environment.
     *
     * @throws IllegalArgumentException naming the placeholders that have no value
     */
    public static String substitute(String text, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        while (m.find()) {
            String key = m.group(1);
            String v = vars.containsKey(key) ? vars.get(key) : System.getenv(key);
            if (v == null) {
                missing.add(key);
                v = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(v)));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for placeholder(s) " + missing);
        }
        return out.toString();
    }

    private static String jsonEscape(String v) {
        String quoted = JSON.getNodeFactory().textNode(v).toString();
        return quoted.substring(1, quoted.length() - 1);
    }
}
