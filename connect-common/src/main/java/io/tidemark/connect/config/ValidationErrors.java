/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Attaches problems found beyond single-value checks (connectivity, cross-field rules) to the
 * setting a user has to fix, so the REST validate endpoint shows them there.
 */
public final class ValidationErrors {

    private ValidationErrors() {}

    /** True when any setting already has an error (further checks would only add noise). */
    public static boolean any(Config config) {
        return config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }

    /** Adds {@code message} to {@code setting}; a setting the config does not know is an error of ours. */
    public static void attach(Config config, String setting, String message) {
        for (ConfigValue v : config.configValues()) {
            if (v.name().equals(setting)) {
                v.addErrorMessage(message);
                return;
            }
        }
        throw new IllegalArgumentException("no setting '" + setting + "' to attach a validation error to: " + message);
    }

    /** Adds every message of {@code problems} (setting -> messages) to its setting. */
    public static void attachAll(Config config, Map<String, List<String>> problems) {
        problems.forEach((setting, messages) -> messages.forEach(m -> attach(config, setting, m)));
    }
}
