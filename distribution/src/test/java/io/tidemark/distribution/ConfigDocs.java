/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a connector's {@link ConfigDef} as a Markdown reference, grouped as the ConfigDef groups
 * its settings, so the docs are generated from the code that parses the settings.
 */
final class ConfigDocs {

    private ConfigDocs() {}

    static String markdown(String title, ConfigDef def) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        for (String group : def.groups()) {
            byGroup.put(group, new ArrayList<>());
        }
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
        keys.sort(java.util.Comparator.comparingInt((ConfigDef.ConfigKey k) -> k.orderInGroup)
                .thenComparing(k -> k.name));
        for (ConfigDef.ConfigKey key : keys) {
            if (key.internalConfig) {
                continue; // set by the connector for its tasks, not by users
            }
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>())
                    .add(key);
        }
        byGroup.forEach((group, groupKeys) -> {
            if (groupKeys.isEmpty()) {
                return;
            }
            sb.append("### ").append(group).append("\n\n");
            sb.append("| Setting | Type | Default | Valid values | Importance | Description |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : groupKeys) {
                sb.append("| `")
                        .append(key.name)
                        .append("` | ")
                        .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ")
                        .append(defaultOf(key))
                        .append(" | ")
                        .append(cell(key.validator == null ? "" : key.validator.toString()))
                        .append(" | ")
                        .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ")
                        .append(cell(key.documentation))
                        .append(" |\n");
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object v = key.defaultValue;
        if (v == null) {
            return "null";
        }
        if (v instanceof Password) {
            return "[hidden]";
        }
        String s = ConfigDef.convertToString(v, key.type);
        return s == null || s.isEmpty() ? "\"\"" : "`" + cell(s) + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
