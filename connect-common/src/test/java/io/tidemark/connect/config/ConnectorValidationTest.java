/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConnectorValidationTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("a", ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(0), ConfigDef.Importance.HIGH, "a")
            .define("b", ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, "b");

    private final AtomicInteger liveChecks = new AtomicInteger();

    private Config validate(Map<String, String> props) {
        return ConnectorValidation.validate(
                new Config(DEF.validate(props)),
                props,
                p -> () -> p.getOrDefault("b", "").isEmpty()
                                && p.getOrDefault("a", "1").equals("2")
                        ? Map.of("b", List.of("b is required when a=2"))
                        : Map.of(),
                parsed -> {
                    liveChecks.incrementAndGet();
                    return Map.of("b", List.of("server unreachable"));
                });
    }

    private static List<String> errors(Config c, String name) {
        return c.configValues().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    @Test
    void singleSettingErrorsStopBeforeCrossFieldAndLiveChecks() {
        Config c = validate(Map.of("a", "-1"));
        assertThat(errors(c, "a")).hasSize(1);
        assertThat(errors(c, "b")).isEmpty();
        assertThat(liveChecks).hasValue(0);
    }

    @Test
    void crossFieldProblemsLandOnTheirSettingAndSkipLiveChecks() {
        Config c = validate(Map.of("a", "2"));
        assertThat(errors(c, "b")).containsExactly("b is required when a=2");
        assertThat(liveChecks).hasValue(0);
    }

    @Test
    void aConsistentConfigGetsTheLiveChecks() {
        Config c = validate(Map.of("a", "2", "b", "x"));
        assertThat(errors(c, "b")).containsExactly("server unreachable");
        assertThat(liveChecks).hasValue(1);
    }

    @Test
    void startFailsWithEveryProblemAfterItsSetting() {
        assertThatThrownBy(() -> ConnectorValidation.requireNone(
                        new Problems().add("b", "needed").add("c", "bad").asMap()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: b: needed; c: bad");
        ConnectorValidation.requireNone(Map.of());
    }
}
