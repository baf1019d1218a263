/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects validation messages by the setting they concern, in the order they were found. */
public final class Problems {

    private final Map<String, List<String>> bySetting = new LinkedHashMap<>();

    /** Adds one message for {@code setting}. */
    public Problems add(String setting, String message) {
        bySetting.computeIfAbsent(setting, k -> new ArrayList<>()).add(message);
        return this;
    }

    /** Adds every message of {@code problems}. */
    public Problems addAll(Map<String, List<String>> problems) {
        problems.forEach((setting, messages) -> messages.forEach(m -> add(setting, m)));
        return this;
    }

    public boolean isEmpty() {
        return bySetting.isEmpty();
    }

    /** The messages by setting; unmodifiable. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(bySetting);
    }
}
