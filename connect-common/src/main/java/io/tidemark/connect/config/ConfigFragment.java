/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * A group of settings several connectors share, defined once: a fragment adds its settings to a
 * connector's {@code ConfigDef} (a static {@code addTo(ConfigDef)}) and reads them back with typed
 * getters over the parsed connector config. Each connector's {@code *Config} is built from its own
 * settings plus fragments.
 */
public abstract class ConfigFragment implements CrossFieldChecked {

    protected final AbstractConfig config;

    protected ConfigFragment(AbstractConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Problems of this fragment's settings that single-setting validators cannot see. None by default. */
    @Override
    public Map<String, List<String>> crossFieldProblems() {
        return Map.of();
    }
}
