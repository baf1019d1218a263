/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * What a connector tells each of its tasks beyond the user's settings: the task's index and the
 * task count, the connector's name, and when a source task's local store advances. Internal
 * settings (not in the docs, not validated for users), written only by {@link #taskConfigs}.
 */
public final class TaskFragment extends ConfigFragment {

    public static final String TASK_INDEX_CONFIG = "tidemark.task.index";
    public static final String TASK_COUNT_CONFIG = "tidemark.task.count";
    public static final String CONNECTOR_NAME_CONFIG = "tidemark.connector.name";
    public static final String ADVANCE_ON_COMMIT_CONFIG = "tidemark.task.advance.on.commit";

    /** Connect's own setting holding the connector's name. */
    public static final String NAME_CONFIG = "name";

    public TaskFragment(AbstractConfig config) {
        super(config);
    }

    /** Adds the internal task settings to {@code def}. */
    public static ConfigDef addTo(ConfigDef def) {
        return def.defineInternal(TASK_INDEX_CONFIG, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW, "")
                .defineInternal(TASK_COUNT_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.LOW, "")
                .defineInternal(CONNECTOR_NAME_CONFIG, Type.STRING, "", Importance.LOW)
                .defineInternal(ADVANCE_ON_COMMIT_CONFIG, Type.BOOLEAN, false, Importance.LOW);
    }

    /**
     * The configs of {@code count} tasks: the connector's settings plus each task's internal ones.
     *
     * @param fallbackName the connector name when the settings carry none (tests, tools)
     */
    public static List<Map<String, String>> taskConfigs(
            Map<String, String> connectorProps, int count, String fallbackName, boolean advanceOnCommit) {
        String name = connectorName(connectorProps, fallbackName);
        List<Map<String, String>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> task = new HashMap<>(connectorProps);
            task.put(TASK_INDEX_CONFIG, Integer.toString(i));
            task.put(TASK_COUNT_CONFIG, Integer.toString(count));
            task.put(CONNECTOR_NAME_CONFIG, name);
            task.put(ADVANCE_ON_COMMIT_CONFIG, Boolean.toString(advanceOnCommit));
            out.add(task);
        }
        return out;
    }

    /**
     * The one connector-name lookup: the name the connector gave its task, else Connect's
     * {@code name}, else {@code fallbackName}.
     */
    public static String connectorName(Map<String, ?> props, String fallbackName) {
        for (String key : new String[] {CONNECTOR_NAME_CONFIG, NAME_CONFIG}) {
            Object value = props.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().strip();
            }
        }
        return fallbackName;
    }

    public int taskIndex() {
        return config.getInt(TASK_INDEX_CONFIG);
    }

    public int taskCount() {
        return config.getInt(TASK_COUNT_CONFIG);
    }

    /** The connector's name ({@link #connectorName(Map, String)} over this config's settings). */
    public String connectorName(String fallbackName) {
        return connectorName(config.originals(), fallbackName);
    }

    /** For source tasks: advance the local store in {@code commit()} rather than on acknowledgement. */
    public boolean advanceOnCommit() {
        return config.getBoolean(ADVANCE_ON_COMMIT_CONFIG);
    }
}
