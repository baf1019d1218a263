/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** Fills the topic template for a path. Fixed topics cost nothing; templated ones are cached per path. */
final class TopicNamer {

    /** Rendered topic names kept per path; past this many (many short-lived files) the cache starts over. */
    private static final int MAX_CACHED_PATHS = 10_000;

    private static final int MAX_TOPIC = 249;

    private final String template;
    private final boolean fixed;
    private final ConcurrentHashMap<Path, String> cache = new ConcurrentHashMap<>();

    TopicNamer(String template) {
        this.template = template;
        this.fixed = !template.contains("${");
    }

    String topicFor(Path path) {
        if (fixed) {
            return template;
        }
        if (cache.size() > MAX_CACHED_PATHS) {
            cache.clear();
        }
        return cache.computeIfAbsent(path, this::render);
    }

    private String render(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = path.getParent();
        String dir = parent == null || parent.getFileName() == null
                ? ""
                : parent.getFileName().toString();
        String t = template.replace("${file.name}", name)
                .replace("${file.stem}", stem)
                .replace("${dir.name}", dir);
        t = t.replaceAll("[^a-zA-Z0-9._-]", "_");
        if (t.isEmpty() || t.equals(".") || t.equals("..")) {
            t = "_" + t;
        }
        return t.length() > MAX_TOPIC ? t.substring(0, MAX_TOPIC) : t;
    }

    /** Accepts a topic name, optionally with the placeholders; a bad one throws with a user-facing message. */
    static void checkTemplate(String template) {
        if (template.isBlank()) {
            throw new IllegalArgumentException("a topic is required");
        }
        String rest = stripPlaceholders(template);
        if (rest.contains("${")) {
            throw new IllegalArgumentException("unknown placeholder; use ${file.name}, ${file.stem} or ${dir.name}");
        }
        if (!rest.matches("[a-zA-Z0-9._-]*")) {
            throw new IllegalArgumentException("topic names may only contain letters, digits, '.', '_' and '-'");
        }
    }

    static String stripPlaceholders(String template) {
        return template.replace("${file.name}", "").replace("${file.stem}", "").replace("${dir.name}", "");
    }
}
