/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class TaskFragmentTest {

    @Test
    void everyTaskGetsItsIndexTheCountTheConnectorNameAndTheAdvanceMode() {
        List<Map<String, String>> tasks = TaskFragment.taskConfigs(Map.of("name", "logs", "topic", "t"), 3, "x", true);
        assertThat(tasks).hasSize(3);
        TaskFragment second = new TaskFragment(new AbstractConfig(TaskFragment.addTo(new ConfigDef()), tasks.get(1)));
        assertThat(second.taskIndex()).isEqualTo(1);
        assertThat(second.taskCount()).isEqualTo(3);
        assertThat(second.connectorName("x")).isEqualTo("logs");
        assertThat(second.advanceOnCommit()).isTrue();
        assertThat(tasks.get(1)).containsEntry("topic", "t");
    }

    @Test
    void connectorNameComesFromTheTaskSettingThenConnectsNameThenTheFallback() {
        assertThat(TaskFragment.connectorName(Map.of("tidemark.connector.name", "a", "name", "b"), "c"))
                .isEqualTo("a");
        assertThat(TaskFragment.connectorName(Map.of("name", "b"), "c")).isEqualTo("b");
        assertThat(TaskFragment.connectorName(Map.of("name", " "), "c")).isEqualTo("c");
    }

    @Test
    void aTaskStartedWithoutInternalSettingsIsTheOnlyTask() {
        TaskFragment alone = new TaskFragment(new AbstractConfig(TaskFragment.addTo(new ConfigDef()), Map.of()));
        assertThat(alone.taskIndex()).isZero();
        assertThat(alone.taskCount()).isEqualTo(1);
        assertThat(alone.advanceOnCommit()).isFalse();
    }
}
