/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ValidationErrorsTest {

    private static Config config() {
        return new Config(List.of(new ConfigValue("a"), new ConfigValue("b")));
    }

    @Test
    void attachesEveryMessageToItsSetting() {
        Config c = config();
        assertThat(ValidationErrors.any(c)).isFalse();
        ValidationErrors.attachAll(c, Map.of("b", List.of("unreachable", "bad secret")));
        assertThat(c.configValues().get(0).errorMessages()).isEmpty();
        assertThat(c.configValues().get(1).errorMessages()).containsExactly("unreachable", "bad secret");
        assertThat(ValidationErrors.any(c)).isTrue();
    }

    @Test
    void unknownSettingIsAProgrammingError() {
        assertThatThrownBy(() -> ValidationErrors.attach(config(), "c", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'c'");
    }
}
