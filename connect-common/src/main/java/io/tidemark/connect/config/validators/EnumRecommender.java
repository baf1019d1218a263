/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Recommends a fixed list of values, so UIs built on the validate endpoint can offer them. */
public final class EnumRecommender implements ConfigDef.Recommender {

    private final List<Object> values;

    public EnumRecommender(String... values) {
        this.values = List.of((Object[]) values);
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return values;
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        return true;
    }
}
